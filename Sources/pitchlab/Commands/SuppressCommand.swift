import ArgumentParser
import Foundation
import PitchKit
import PitchMail

/// `pitchlab suppress`: the workspace's suppression list, shared by all its campaigns.
struct SuppressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suppress",
        abstract: "Add, remove and list addresses that must never be pitched.",
        discussion: "The list is shared by every campaign of the workspace, checked at import and again before each send.",
        subcommands: [Add.self, Remove.self, List.self])
}

extension SuppressCommand {
    /// `suppress add ADDR…`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suppress addresses.")

        @Argument(help: "The addresses.")
        var addresses: [String]

        @Option(help: ArgumentHelp("Why: unsubscribe, hard-bounce, manual or complaint.", valueName: "reason"))
        var reason = "manual"

        @OptionGroup var options: WorkspaceOptions

        func validate() throws {
            guard Suppression.Reason(rawValue: reason) != nil else {
                throw ValidationError("--reason '\(reason)' is not one of: unsubscribe, hard-bounce, manual, complaint.")
            }
            _ = try normalizedKeys(addresses)
        }

        func run() throws {
            let keys = try normalizedKeys(addresses)
            let added = try options.workspace.openStore().addSuppressions(
                keys, reason: Suppression.Reason(rawValue: reason) ?? .manual, source: "cli", now: Date())
            let already = Set(keys).count - added
            print("Suppressed \(count(added, "address"))" + (already > 0 ? " (\(count(already, "address")) already suppressed)." : "."))
        }
    }

    /// `suppress remove ADDR…`.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift suppressions.")

        @Argument(help: "The addresses.")
        var addresses: [String]

        @OptionGroup var options: WorkspaceOptions

        func validate() throws {
            _ = try normalizedKeys(addresses)
        }

        func run() throws {
            let keys = try normalizedKeys(addresses)
            let removed = try options.workspace.openStore().removeSuppressions(keys)
            let missing = Set(keys).count - removed
            print("Removed \(count(removed, "suppression"))" + (missing > 0 ? " (\(count(missing, "address")) not on the list)." : "."))
        }
    }

    /// `suppress list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List suppressed addresses.")

        @Flag(help: "Print one JSON document.")
        var json = false

        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let suppressions = try options.workspace.openStore().suppressions()
            if json {
                struct Listing: Encodable { let suppressions: [Suppression] }
                print(try JSONOutput.string(Listing(suppressions: suppressions)))
                return
            }
            guard !suppressions.isEmpty else {
                print("No suppressed addresses.")
                return
            }
            let formatter = ISO8601DateFormatter()
            printTable([["EMAIL", "REASON", "SOURCE", "ADDED"]] + suppressions.map {
                [$0.email, $0.reason.rawValue, $0.source, formatter.string(from: $0.createdAt)]
            })
        }
    }
}

/// The normalised keys of command-line addresses; a bad one is a usage error naming its position.
private func normalizedKeys(_ addresses: [String]) throws -> [String] {
    try addresses.enumerated().map { index, text in
        do {
            return try MailAddress(text, field: "argument \(index + 1)").normalizedKey
        } catch {
            throw ValidationError("\(error)")
        }
    }
}

private func count(_ n: Int, _ noun: String) -> String {
    n == 1 ? "1 \(noun)" : "\(n) \(noun)\(noun.hasSuffix("s") ? "es" : "s")"
}
