import Foundation
import PitchKit

/// A scaffolded workspace with a campaign configuration and recipients written for planning tests.
struct PlanningWorkspace {
    let test: TestWorkspace
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    var workspace: Workspace { test.workspace }
    var store: SQLiteCampaignStore { test.store }

    static let personas = ["skincare minimalist", "acne journey", "luxury routines"]
    static let types = ["peer", "authority"]

    /// `pitchlab.yaml` for the scaffold template `dewpoint-peer` (subjects routine/barrier, messages
    /// main/short, offers fee-kit/bigger-fee): default stages, `size` per variant, `seed`.
    static func configYAML(size: Int, seed: UInt64, template: String = "dewpoint-peer") -> String {
        """
        campaign:
          id: spring
        sender:
          from: partnerships@brand.example
          name: Maya Ortiz
        smtp:
          url: smtp://127.0.0.1:2525
        template: \(template)
        size_per_variant: \(size)
        seed: \(seed)
        """
    }

    /// A CSV of `count` creators spread over 3 personas × 2 types, every row complete.
    static func recipientsCSV(count: Int, reversed: Bool = false, extraHeader: String = "", extra: (Int) -> String = { _ in "" }) -> String {
        var rows = (0..<count).map { i in
            let persona = personas[i % personas.count], type = types[(i / personas.count) % types.count]
            let tail = extraHeader.isEmpty ? "" : ",\(extra(i))"
            return "creator\(i)@example.com,Creator \(i),@creator\(i),TikTok,\(1000 + i),\(persona),\(type)\(tail)"
        }
        if reversed { rows.reverse() }
        let header = "email,name,handle,platform,followers,persona,type" + (extraHeader.isEmpty ? "" : ",\(extraHeader)")
        return ([header] + rows).joined(separator: "\n") + "\n"
    }

    init(size: Int = 10, seed: UInt64 = 42, recipients: String? = nil, template: String = "dewpoint-peer") throws {
        test = try TestWorkspace()
        try Data(Self.configYAML(size: size, seed: seed, template: template).utf8).write(to: test.workspace.configURL)
        let csv = try test.write("creators.csv", recipients ?? Self.recipientsCSV(count: 60))
        _ = try RecipientImporter().importFile(at: csv, into: test.store, now: now)
    }

    /// A planner over the workspace's files.
    func planner() throws -> CampaignPlanner {
        try CampaignPlanner.load(workspace: workspace, store: store, environment: [:])
    }

    /// Writes a template file into `Templates/`.
    func writeTemplate(_ name: String, _ source: String) throws {
        try Data(source.utf8).write(to: workspace.templatesURL.appendingPathComponent(name))
    }

    /// Recipients by store id.
    func recipientsByID() throws -> [Int64: StoredRecipient] {
        Dictionary(uniqueKeysWithValues: try store.recipients().map { ($0.id, $0) })
    }

    func remove() { test.remove() }
}
