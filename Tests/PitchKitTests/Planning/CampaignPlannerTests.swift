import Foundation
import PitchKit
import Testing

/// The campaign planner: the seeded stratified split into the ledger, idempotence, the preflight,
/// suppression and winners of earlier stages.
@Suite("Campaign planner")
struct CampaignPlannerTests {
    @Test("stage 1 plans size × variants rows, balanced within every persona × type stratum")
    func stageOneCounts() throws {
        let ws = try PlanningWorkspace(size: 10)
        defer { ws.remove() }
        let planner = try ws.planner()
        #expect(try planner.nextStage() == 1)
        let report = try planner.plan(stage: 1, winners: StageWinners(), now: ws.now)
        #expect(report.isOK)
        #expect(report.kind == "subject" && report.stages == 4)
        #expect(report.requested == 20 && report.written == 20 && report.new == 20 && report.shortfall == 0)
        #expect(report.eligible == 60 && report.suppressed == 0)
        #expect(report.variants.map(\.subject) == ["routine", "barrier"])
        #expect(report.variants.map(\.count) == [10, 10])
        #expect(Set(report.variants.map(\.message)).count == 1 && Set(report.variants.map(\.offer)).count == 1)

        let entries = try ws.store.entries(campaign: "spring", state: nil)
        #expect(entries.count == 20)
        #expect(entries.allSatisfy { $0.stage == 1 && $0.state == .planned && $0.step == 0 })
        let recipients = try ws.recipientsByID()
        var strata: [String: [String: Int]] = [:]
        for entry in entries {
            let fields = try #require(recipients[entry.recipientID]).fields
            strata["\(fields.persona ?? "") × \(fields.type ?? "")", default: [:]][entry.variant.choice.subject, default: 0] += 1
        }
        for (stratum, counts) in strata {
            let values = ["routine", "barrier"].map { counts[$0, default: 0] }
            #expect(abs(values[0] - values[1]) <= 1, "stratum \(stratum): \(values)")
        }
        // The report's persona and type counts agree with the ledger.
        for variant in report.variants {
            #expect(variant.personas.values.reduce(0, +) == 10 && variant.types.values.reduce(0, +) == 10)
            #expect(Set(variant.types.keys).isSubset(of: ["peer", "authority"]))
        }
        #expect(try planner.nextStage() == 2)
    }

    @Test("the split is reproducible for a seed whatever the import order, and differs for another seed")
    func reproducible() throws {
        func assignment(seed: UInt64, reversed: Bool) throws -> [String: String] {
            let ws = try PlanningWorkspace(
                size: 10, seed: seed, recipients: PlanningWorkspace.recipientsCSV(count: 60, reversed: reversed))
            defer { ws.remove() }
            _ = try ws.planner().plan(stage: 1, winners: StageWinners(), now: ws.now)
            let recipients = try ws.recipientsByID()
            return Dictionary(uniqueKeysWithValues: try ws.store.entries(campaign: "spring", state: nil).map {
                (recipients[$0.recipientID]!.emailKey, $0.variant.choice.subject)
            })
        }
        let first = try assignment(seed: 7, reversed: false)
        #expect(first.count == 20)
        #expect(try assignment(seed: 7, reversed: true) == first)
        #expect(try assignment(seed: 8, reversed: false) != first)
    }

    @Test("planning again writes nothing new; a dry run writes nothing at all")
    func idempotent() throws {
        let ws = try PlanningWorkspace(size: 10)
        defer { ws.remove() }
        let planner = try ws.planner()
        let dry = try planner.preflight(stage: 1, winners: StageWinners())
        #expect(dry.dryRun && dry.new == 20 && dry.written == 0)
        #expect(try ws.store.entries(campaign: "spring", state: nil).isEmpty)
        let first = try planner.plan(stage: 1, winners: StageWinners(), now: ws.now)
        let before = try ws.store.entries(campaign: "spring", state: nil)
        let again = try planner.plan(stage: 1, winners: StageWinners(), now: ws.now.addingTimeInterval(60))
        #expect(again.isOK && again.new == 0 && again.written == 0 && again.alreadyPlanned == 20)
        #expect(again.variants.map(\.count) == first.variants.map(\.count))
        #expect(try ws.store.entries(campaign: "spring", state: nil) == before)
    }

    @Test("a stage short of recipients reports the shortfall; new recipients top it up later, never twice")
    func shortfallAndTopUp() throws {
        let ws = try PlanningWorkspace(size: 10, recipients: PlanningWorkspace.recipientsCSV(count: 12))
        defer { ws.remove() }
        let planner = try ws.planner()
        let first = try planner.plan(stage: 1, winners: StageWinners(), now: ws.now)
        #expect(first.written == 12 && first.shortfall == 8 && first.variants.map(\.count) == [6, 6])
        let more = try ws.test.write("more.csv", PlanningWorkspace.recipientsCSV(count: 30))
        _ = try RecipientImporter().importFile(at: more, into: ws.store, now: ws.now)
        let second = try planner.plan(stage: 1, winners: StageWinners(), now: ws.now)
        #expect(second.written == 8 && second.shortfall == 0 && second.variants.map(\.count) == [10, 10])
        let entries = try ws.store.entries(campaign: "spring", state: nil)
        #expect(Set(entries.map(\.recipientID)).count == entries.count)
    }

    @Test("a recipient with no value for a variable without default stops the plan, naming its id, writing nothing")
    func missingVariable() throws {
        // Row 4 has no handle; the scaffold's 'barrier' subject uses {{handle}} and has no default for it.
        let csv = PlanningWorkspace.recipientsCSV(count: 8).replacingOccurrences(of: ",@creator4,", with: ",,")
        let ws = try PlanningWorkspace(size: 4, recipients: csv)
        defer { ws.remove() }
        let report = try ws.planner().plan(stage: 1, winners: StageWinners(), now: ws.now)
        let bad = try #require(try ws.store.recipients().first { $0.emailKey == "creator4@example.com" })
        #expect(!report.isOK && report.written == 0)
        #expect(report.problems.count == 1)
        let problem = try #require(report.problems.first)
        #expect(problem.recipientID == bad.id && problem.field == "handle")
        #expect(problem.variant == "dewpoint-peer/barrier/main/fee-kit")
        #expect(!problem.reason.contains("@example.com") && !problem.description.contains("creator4@"))
        #expect(try ws.store.entries(campaign: "spring", state: nil).isEmpty)
        #expect(try CampaignWinnersFile(workspace: ws.workspace).winners(campaign: "spring") == StageWinners())
    }

    @Test("a value that would inject a header stops the plan with the recipient and the header named")
    func headerInjection() throws {
        let template = """
            ---
            id: vid
            brand: Dewpoint
            columns: [video]
            subjects:
              - id: a
                text: "{{name}}, about {{video}}"
              - id: b
                text: "A kit for {{name}}"
            offers:
              - id: kit
                text: a $300 fee plus our 3-product kit
            ask: one video within 14 days
            signature: Maya
            ---
            Hi {{name}}, we offer {{offer}}. In return: {{ask}}.

            {{signature}}
            """
        let csv = PlanningWorkspace.recipientsCSV(count: 6, extraHeader: "video") { i in
            i == 2 ? "\"my\u{0B}Bcc: x@example.org\"" : "video \(i)"
        }
        let ws = try PlanningWorkspace(size: 3, recipients: csv, template: "vid")
        defer { ws.remove() }
        try ws.writeTemplate("vid.pitch", template)
        let planner = try ws.planner()
        #expect(planner.lint.filter(\.isError).isEmpty, "\(planner.lint)")
        let report = try planner.plan(stage: 1, winners: StageWinners(), now: ws.now)
        let bad = try #require(try ws.store.recipients().first { $0.emailKey == "creator2@example.com" })
        #expect(!report.isOK && report.written == 0)
        #expect(report.problems.map(\.recipientID) == [bad.id])
        #expect(report.problems.first?.field == "Subject")
        #expect(report.problems.first?.reason.contains("control character") == true)
        #expect(try ws.store.entries(campaign: "spring", state: nil).isEmpty)
    }

    @Test("a template lint error stops the plan and is reported")
    func lintError() throws {
        let ws = try PlanningWorkspace(size: 3, recipients: PlanningWorkspace.recipientsCSV(count: 6))
        defer { ws.remove() }
        let path = ws.workspace.templatesURL.appendingPathComponent(Workspace.scaffoldTemplateFileName)
        let source = try String(contentsOf: path, encoding: .utf8)
        try ws.writeTemplate(Workspace.scaffoldTemplateFileName, source.replacingOccurrences(
            of: "a $350 fee plus our full Barrier Routine kit (4 full-size products, worth $118), yours to keep",
            with: "our kit"))
        let report = try ws.planner().plan(stage: 1, winners: StageWinners(), now: ws.now)
        #expect(!report.isOK && report.lintErrors >= 1 && report.problems.isEmpty && report.written == 0)
        #expect(report.lint.contains { $0.rule == "vague-offer" })
        #expect(try ws.store.entries(campaign: "spring", state: nil).isEmpty)
    }

    @Test("suppressed recipients are left out and counted")
    func suppressed() throws {
        let ws = try PlanningWorkspace(size: 10, recipients: PlanningWorkspace.recipientsCSV(count: 12))
        defer { ws.remove() }
        try ws.store.addSuppressions(["creator0@example.com", "creator5@example.com"], reason: .manual, source: "test", now: ws.now)
        let report = try ws.planner().plan(stage: 1, winners: StageWinners(), now: ws.now)
        #expect(report.suppressed == 2 && report.eligible == 10 && report.written == 10 && report.shortfall == 10)
        let recipients = try ws.recipientsByID()
        let planned = Set(try ws.store.entries(campaign: "spring", state: nil).map { recipients[$0.recipientID]!.emailKey })
        #expect(!planned.contains("creator0@example.com") && !planned.contains("creator5@example.com"))
    }

    @Test("stage 2 needs the subject winner, uses it, remembers it, and refuses a contradicting one later")
    func winners() throws {
        let ws = try PlanningWorkspace(size: 5)
        defer { ws.remove() }
        let planner = try ws.planner()
        _ = try planner.plan(stage: 1, winners: StageWinners(), now: ws.now)
        #expect(throws: PlanningError.self) { try planner.plan(stage: 2, winners: StageWinners(), now: ws.now) }
        do {
            _ = try planner.plan(stage: 2, winners: StageWinners(), now: ws.now)
        } catch let error as PlanningError {
            #expect(error.kind == .invalidWinner && error.isUsageError)
            #expect(error.message.contains("--winner subject=ID"))
        }
        // An id stage 1 did not test, and a winner of a stage not yet run, are refused.
        #expect(throws: PlanningError.self) { try planner.plan(stage: 2, winners: StageWinners(subject: "nope"), now: ws.now) }
        #expect(throws: PlanningError.self) { try planner.plan(stage: 2, winners: StageWinners(message: "short"), now: ws.now) }

        let stage2 = try planner.plan(stage: 2, winners: StageWinners(subject: "barrier"), now: ws.now)
        #expect(stage2.isOK && stage2.kind == "message" && stage2.written == 10)
        #expect(stage2.winners.subject == "barrier")
        let rows = try ws.store.entries(campaign: "spring", state: nil).filter { $0.stage == 2 }
        #expect(rows.count == 10 && rows.allSatisfy { $0.variant.choice.subject == "barrier" })
        #expect(Set(rows.map(\.variant.choice.message)) == ["main", "short"])
        let stage1IDs = Set(try ws.store.entries(campaign: "spring", state: nil).filter { $0.stage == 1 }.map(\.recipientID))
        #expect(stage1IDs.isDisjoint(with: rows.map(\.recipientID)))
        #expect(try CampaignWinnersFile(workspace: ws.workspace).winners(campaign: "spring") == StageWinners(subject: "barrier"))

        // Stage 3 reuses the remembered subject and asks for the message winner only.
        let later = try ws.planner()
        do {
            _ = try later.plan(stage: 3, winners: StageWinners(), now: ws.now)
            Issue.record("stage 3 planned without the message winner")
        } catch let error as PlanningError {
            #expect(error.message.contains("--winner message=ID"))
        }
        #expect(throws: PlanningError.self) {
            try later.plan(stage: 3, winners: StageWinners(subject: "routine", message: "short"), now: ws.now)
        }
        let stage3 = try later.plan(stage: 3, winners: StageWinners(message: "short"), now: ws.now)
        #expect(stage3.isOK && stage3.winners == PlanReport.Winners(subject: "barrier", message: "short", offer: nil))
        #expect(try CampaignWinnersFile(workspace: ws.workspace).winners(campaign: "spring") == StageWinners(subject: "barrier", message: "short"))
    }

    @Test("the rest stage sends the overall winner to everyone not yet pitched, and later imports too")
    func restStage() throws {
        let ws = try PlanningWorkspace(size: 2, recipients: PlanningWorkspace.recipientsCSV(count: 20))
        defer { ws.remove() }
        let planner = try ws.planner()
        for stage in 1...3 {
            #expect(try planner.nextStage() == stage)
            let winners = StageWinners(subject: stage > 1 ? "routine" : nil, message: stage > 2 ? "short" : nil)
            #expect(try planner.plan(stage: stage, winners: winners, now: ws.now).written == 4)
        }
        #expect(try planner.nextStage() == 4)
        let rest = try planner.plan(stage: 4, winners: StageWinners(offer: "bigger-fee"), now: ws.now)
        #expect(rest.isOK && rest.kind == "rest" && rest.requested == nil && rest.shortfall == 0)
        #expect(rest.written == 8 && rest.variants.count == 1 && rest.variants[0].size == nil)
        #expect(rest.variants[0].key == "dewpoint-peer/routine/short/bigger-fee")
        let json = try JSONOutput.string(rest)
        #expect(json.contains("\"requested\":null") && json.contains("\"size\":null"))
        let more = try ws.test.write("more.csv", PlanningWorkspace.recipientsCSV(count: 23))
        _ = try RecipientImporter().importFile(at: more, into: ws.store, now: ws.now)
        #expect(try planner.nextStage() == 4)
        #expect(try planner.plan(stage: 4, winners: StageWinners(), now: ws.now).written == 3)
        let entries = try ws.store.entries(campaign: "spring", state: nil)
        #expect(entries.count == 23 && Set(entries.map(\.recipientID)).count == 23)
    }

    @Test("a stage that does not exist is a usage error")
    func unknownStage() throws {
        let ws = try PlanningWorkspace(size: 5)
        defer { ws.remove() }
        do {
            _ = try ws.planner().preflight(stage: 9, winners: StageWinners())
            Issue.record("stage 9 was planned")
        } catch let error as PlanningError {
            #expect(error.kind == .invalidStage && error.isUsageError)
        }
    }

    @Test("render values: standard columns, extra columns, plain numbers")
    func renderValues() {
        let recipient = StoredRecipient(
            id: 1, emailKey: "a@example.com", email: "a@example.com",
            fields: RecipientFields(name: "Aiko", followers: 48200, relevance: 0.82, cost: 350, extra: ["video": "v"]),
            firstImportID: nil)
        let values = recipient.renderValues
        #expect(values["name"] == "Aiko" && values["followers"] == "48200" && values["relevance"] == "0.82")
        #expect(values["cost"] == "350" && values["video"] == "v" && values["email"] == "a@example.com")
        #expect(values["handle"] == nil)
    }
}
