import ArgumentParser

/// `pitchlab`: the command-line entry point. Parses arguments and calls the libraries; nothing else.
@main
struct PitchLab: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pitchlab",
        abstract: "Test outreach pitches in staged batches and learn why they fail.",
        version: "0.1.0",
        subcommands: [
            InitCommand.self, RecipientsCommand.self, SuppressCommand.self, TemplateCommand.self,
            PlanCommand.self, SendCommand.self, StatusCommand.self, ResolveCommand.self, SendTestCommand.self,
            RepliesCommand.self, OpensCommand.self, DiagnoseCommand.self, PromoteCommand.self, StatsCommand.self,
            ServeCommand.self, SimulateCommand.self, ReportCommand.self,
            GoalCommand.self, ConversionsCommand.self, NoteCommand.self, JournalCommand.self, PostmortemCommand.self,
        ]
    )
}
