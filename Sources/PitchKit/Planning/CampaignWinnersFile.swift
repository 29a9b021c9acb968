public import Foundation

/// The winners named for earlier stages, remembered per campaign in `pitchlab.winners.json` in the
/// workspace, so later stages (and `send`) need not be told again.
///
/// ```json
/// {"campaigns":{"spring-creators":{"message":"short","subject":"routine"}}}
/// ```
///
/// `pitchlab plan --winner subject=ID` writes it (atomically) before planning the stage that uses the
/// winner; the analyser will write it too once it exists.
public struct CampaignWinnersFile: Sendable {
    /// The file's name in the workspace.
    public static let fileName = "pitchlab.winners.json"

    /// The file.
    public let url: URL

    /// The winners file of a workspace.
    public init(workspace: Workspace) {
        url = workspace.directory.appendingPathComponent(Self.fileName)
    }

    private struct Document: Codable {
        var campaigns: [String: Entry]
    }

    private struct Entry: Codable {
        var subject: String?
        var message: String?
        var offer: String?
    }

    /// The remembered winners of a campaign (none when the file does not exist).
    ///
    /// - Throws: ``PlanningError`` when the file exists but cannot be read or parsed.
    public func winners(campaign: String) throws(PlanningError) -> StageWinners {
        guard let entry = try read().campaigns[campaign] else { return StageWinners() }
        return StageWinners(subject: entry.subject, message: entry.message, offer: entry.offer)
    }

    /// Remembers a campaign's winners (replacing what was remembered for it).
    ///
    /// - Throws: ``PlanningError`` when the file cannot be written.
    public func save(_ winners: StageWinners, campaign: String) throws(PlanningError) {
        var document = try read()
        document.campaigns[campaign] = Entry(subject: winners.subject, message: winners.message, offer: winners.offer)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            try encoder.encode(document).write(to: url, options: .atomic)
        } catch {
            throw PlanningError(
                .winnersFile, "\(Self.fileName) could not be written (\(error.localizedDescription)); check that the workspace is writable.")
        }
    }

    private func read() throws(PlanningError) -> Document {
        guard FileManager.default.fileExists(atPath: url.path) else { return Document(campaigns: [:]) }
        do {
            return try JSONDecoder().decode(Document.self, from: Data(contentsOf: url))
        } catch {
            throw PlanningError(
                .winnersFile,
                "\(Self.fileName) is not a valid winners file; fix it (shape: {\"campaigns\":{\"ID\":{\"subject\":\"…\"}}}) or delete it and name the winners again with --winner.")
        }
    }
}
