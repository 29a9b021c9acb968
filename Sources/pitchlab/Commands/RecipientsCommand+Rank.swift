import ArgumentParser
import Foundation
import PitchKit

extension RecipientsCommand {
    /// `recipients rank`: creators by expected value minus cost.
    struct Rank: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rank creators by expected relevant views x value per view - cost.",
            discussion: """
                score = avg_views x relevance x scoring.value_per_view - (cost + scoring.product_cost \
                + scoring.shipping_cost + scoring.fees). Expected views are followers x engagement \
                (avg_views / followers), that is avg_views. Creators missing followers, avg_views, \
                relevance or cost are listed as not scored, with what is missing. Equal scores are \
                ordered by recipient id.
                """)

        @Option(help: ArgumentHelp("Keep the best N creators (per group with --by).", valueName: "n"))
        var top: Int?

        @Option(help: ArgumentHelp("Group by these fields: persona, type, platform (comma-separated).", valueName: "fields"))
        var by: String?

        @Flag(help: "Print one JSON document: value_per_view, extra_cost, by, top, groups, unscored.")
        var json = false

        @OptionGroup var options: WorkspaceOptions

        func validate() throws {
            if let top, top < 1 { throw ValidationError("--top must be 1 or more.") }
            if let by, case .failure(let error) = RankGrouping.parseList(by) { throw ValidationError(error.description) }
        }

        func run() throws {
            let fields = try by.map { try RankGrouping.parseList($0).get() } ?? []
            let ranking = try CreatorRanking.load(
                workspace: options.workspace, environment: ProcessInfo.processInfo.environment, top: top, by: fields)
            print(json ? try JSONOutput.string(ranking) : ranking.textLines.joined(separator: "\n"))
        }
    }
}
