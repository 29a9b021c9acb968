import Foundation
public import PitchMail

extension CampaignSender {
    /// `pitchlab send`: loads the workspace's campaign, takes the workspace lock, probes the relay,
    /// and sends the stage through the real SMTP transport.
    ///
    /// A dry run takes no lock, opens no connection and writes nothing.
    ///
    /// - Parameters:
    ///   - environment: The process environment (`PITCHLAB_SMTP_URL`, password variables).
    ///   - transport: The relay; nil for ``CurlSMTPTransport`` with the campaign's SMTP settings.
    /// - Throws: ``WorkspaceError`` (not a workspace, locked), ``CampaignConfigError``,
    ///   ``StoreError``, ``CampaignSendError``, and ``TransportError`` when the relay probe fails
    ///   (before anything is claimed).
    public static func run(
        workspace: Workspace, options: CampaignSendOptions, environment: [String: String],
        stop: SendStopFlag, progress: (any SendProgressReporter)?, transport: (any MailTransport)? = nil,
        clock: any SendClock = SystemSendClock()
    ) async throws -> CampaignSendSummary {
        try workspace.requireInitialized()
        let config = try CampaignConfig.load(
            contentsOf: workspace.configURL, displayPath: CampaignConfig.fileName, environment: environment)
        // Settings first: a missing tracking key fails before the lock, the relay or anything else.
        var settings = try CampaignSendSettings(config: config, smtpUTF8: true, environment: environment)
        let lock: WorkspaceLock? = options.dryRun ? nil : try workspace.lock()
        defer { withExtendedLifetime(lock) {} }
        let store = try workspace.openStore()
        let templates = try loadTemplates(workspace: workspace, store: store, campaign: config.campaign.id, stage: options.stage)

        var relay: any MailTransport = NoTransport()
        // A dry run contacts no relay and assumes it takes UTF-8 addresses (settings.smtpUTF8 stays true).
        if !options.dryRun {
            if let transport {
                relay = transport
                settings.smtpUTF8 = false
            } else {
                let (curl, probe) = try await CurlSMTPTransport.probed(config.smtp.makeConfiguration())
                settings.smtpUTF8 = probe.offersSMTPUTF8
                relay = curl
            }
        }
        let sender = CampaignSender(
            store: store, transport: relay, clock: clock, settings: settings,
            templates: templates, recipients: try store.recipients())
        var rng = SystemRandomNumberGenerator()
        return try await sender.run(options: options, stop: stop, progress: progress, rng: &rng)
    }

    /// Renderers for the templates the stage's rows use; fails when the stage has no rows.
    static func loadTemplates(workspace: Workspace, store: any CampaignStore, campaign: String, stage: Int?) throws
        -> [TemplateRenderer]
    {
        let entries = try store.entries(campaign: campaign, state: nil).filter { stage == nil || $0.stage == stage }
        guard !entries.isEmpty else { throw nothingPlanned(stage) }
        let ids = Set(entries.map(\.variant.template))
        let catalog = try TemplateCatalog(directory: workspace.templatesURL.path)
        return try ids.sorted().map { id in
            guard let template = catalog.template(id: id) else {
                throw CampaignSendError(
                    .missingTemplate,
                    "the planned sends use template '\(id)', which is not in \(Workspace.templatesFolderName)/ (or does not load); restore it, or run 'pitchlab template lint'.")
            }
            return try TemplateRenderer(template: template)
        }
    }
}

/// The transport of a dry run: never called.
private struct NoTransport: MailTransport {
    func send(_ message: [UInt8], envelope: Envelope) async throws(TransportError) -> SendOutcome {
        throw TransportError(.badURL, "a dry run sends nothing.")
    }
}
