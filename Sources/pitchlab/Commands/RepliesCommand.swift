import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab replies`: replies, automatic replies and bounces, brought in and reviewed.
struct RepliesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replies",
        abstract: "Bring in replies and bounces (IMAP or files), review and relabel them.",
        discussion: """
            Every message is stored raw once (by Message-ID) and tied to its send by In-Reply-To or \
            References, else by the bounce report or the sender's address. Bounces are hard or soft \
            (hard ones suppress the address); automatic replies never count as replies; human replies \
            are classed positive, negotiate, decline, wrong_person or other by the rules in \
            reply-rules.yaml (English and French built in). "Please remove me" is a decline and \
            suppresses the address.
            """,
        subcommands: [Fetch.self, Import.self, List.self, Label.self])
}

extension RepliesCommand {
    /// `replies fetch`.
    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read new messages from the imap mailbox of pitchlab.yaml (read-only, incremental).")

        @Option(help: ArgumentHelp("A CA certificate bundle to trust (a private mail server).", valueName: "file"))
        var caFile: String?

        @Flag(help: "Print one JSON document.")
        var json = false

        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let store = try options.workspace.openStore()
            let summary = try options.workspace.fetchReplies(
                store: store, environment: ProcessInfo.processInfo.environment, caFile: caFile.map(options.resolve), now: Date())
            print(json ? try JSONOutput.string(summary) : summary.textLines.joined(separator: "\n"))
        }
    }

    /// `replies import PATH…`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import messages from .eml files, mbox files, Maildir folders or folders of .eml files.")

        @Argument(help: "The files or folders.")
        var paths: [String]

        @Flag(help: "Print one JSON document.")
        var json = false

        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let store = try options.workspace.openStore()
            let summary = try options.workspace.importReplies(paths: paths.map(options.resolve), store: store, now: Date())
            print(json ? try JSONOutput.string(summary) : summary.textLines.joined(separator: "\n"))
        }
    }

    /// `replies list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored messages with their kind, class and send.")

        @Flag(help: "Only messages tied to no send.")
        var unmatched = false

        @Flag(help: "Print one JSON document.")
        var json = false

        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            var messages = try options.workspace.openStore().inboundMessages()
            if unmatched { messages = messages.filter { $0.ledgerID == nil } }
            if json {
                print(try JSONOutput.string(["messages": messages]))
                return
            }
            guard !messages.isEmpty else {
                print(unmatched ? "No unmatched messages." : "No replies stored yet; run 'pitchlab replies fetch' or 'pitchlab replies import FILE'.")
                return
            }
            for message in messages { print(InboundListing.line(message)) }
        }
    }

    /// `replies label ID CLASS`.
    struct Label: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Override the class of a human reply.")

        @Argument(help: "The id from 'pitchlab replies list'.")
        var id: Int64

        @Argument(help: "positive, negotiate, decline, wrong_person or other.")
        var replyClass: String

        @OptionGroup var options: WorkspaceOptions

        func validate() throws {
            guard ReplyClass(rawValue: replyClass) != nil else {
                throw ValidationError("'\(replyClass)' is not a reply class; use positive, negotiate, decline, wrong_person or other.")
            }
        }

        func run() throws {
            guard let value = ReplyClass(rawValue: replyClass) else { return }
            try options.workspace.openStore().labelInbound(id: id, as: value)
            print("Reply \(id) is now labelled \(value.rawValue).")
        }
    }
}
