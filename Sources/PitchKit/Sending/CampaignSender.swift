import Foundation
public import PitchMail

/// Sends a campaign's `planned` (and due `deferred`) ledger rows through a ``MailTransport``,
/// never pitching a recipient twice, even when the process is killed.
///
/// ```swift
/// let sender = CampaignSender(store: store, transport: transport, clock: SystemSendClock(),
///                             settings: settings, templates: [renderer], recipients: try store.recipients())
/// var rng = SplitMix64(seed: 7)
/// let summary = try await sender.run(options: CampaignSendOptions(stage: 1), stop: SendStopFlag(), rng: &rng)
/// ```
///
/// Each round picks up to one batch (``CampaignSendSettings/concurrency`` rows) whose recipient's
/// send window is open, whose account rate limits allow a send and whose domain is not paused;
/// renders them; claims them `sending` with fixed Message-IDs in one durable transaction; composes
/// them and hands them to the transport as one batch (``MailTransport/send(batch:)``); then
/// records every outcome together with the next claim. 4xx → `deferred`
/// with ``DomainBackoff``'s retry time (421/4.7.x pauses the domain and never fails the recipient);
/// 5xx → `rejected` (5.1.x suppresses); no final reply → `ambiguous` (never resent).
///
/// A ``TransportError`` (TLS, login, URL) stops the run: rows of the batch whose send threw were
/// never handed to the relay, so they are recorded `deferred`, due at once. Neither such a row nor
/// a throttled try counts as an attempt (the store takes back the claim's count). A render failure
/// stops the run before its batch is claimed; a row that cannot be composed (e.g. a UTF-8 address
/// without SMTPUTF8) is recorded `skipped` and listed in the summary's problems. Domain pauses
/// after 421/4.7.x survive a restart: they are rebuilt from deferred rows whose last reply was a
/// throttling one.
/// The caller holds the workspace lock (see ``run(workspace:options:environment:stop:progress:transport:clock:)``);
/// ``run(options:stop:progress:rng:)`` starts by turning rows an earlier run left `sending` into
/// `ambiguous`, and resumes from the ledger, never from a cursor.
public struct CampaignSender: Sendable {
    /// The ledger.
    public let store: any CampaignStore
    /// The relay.
    public let transport: any MailTransport
    /// The time source.
    public let clock: any SendClock
    /// The campaign's settings.
    public let settings: CampaignSendSettings
    let renderers: [String: TemplateRenderer]
    let recipients: [Int64: StoredRecipient]

    /// A sender.
    ///
    /// - Parameters:
    ///   - templates: Renderers for every template the ledger rows use.
    ///   - recipients: The workspace's recipients (rows are looked up by id).
    public init(
        store: any CampaignStore, transport: any MailTransport, clock: any SendClock, settings: CampaignSendSettings,
        templates: [TemplateRenderer], recipients: [StoredRecipient]
    ) {
        self.store = store
        self.transport = transport
        self.clock = clock
        self.settings = settings
        self.renderers = Dictionary(templates.map { ($0.template.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.recipients = Dictionary(recipients.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Rows claimed and sent together.
    func batchSize(_ options: CampaignSendOptions) -> Int {
        max(1, min(options.batchSize ?? settings.concurrency, 64))
    }

    /// Runs until nothing is left to send, `--limit` is reached, `stop` is set, the relay
    /// configuration fails, or the next possible send is further away than `maximumWait`.
    ///
    /// - Throws: ``CampaignSendError`` (nothing planned, a template or render problem) and
    ///   ``StoreError``; relay configuration problems end the run with a summary instead.
    public func run(
        options: CampaignSendOptions, stop: SendStopFlag, progress: (any SendProgressReporter)? = nil,
        rng: inout some RandomNumberGenerator
    ) async throws -> CampaignSendSummary {
        if options.dryRun { return try dryRun(options: options) }
        let started = clock.now()
        let recovered = try store.recoverInterrupted(now: started)
        let entries = try stageEntries(options.stage)
        guard !entries.isEmpty else { throw Self.nothingPlanned(options.stage) }
        let byID = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        var queue = CampaignSendQueue()
        var holds: [String: Date] = [:]  // domain pauses carried over from earlier runs
        var pool = RateLimiterPool(limits: settings.rateLimits)
        let dayAgo = started.addingTimeInterval(-86_400)
        for entry in entries {
            guard let recipient = recipients[entry.recipientID] else { continue }
            let domain = DomainBackoff.domain(of: recipient.email)
            if entry.attempts > 0 || entry.lastReply != nil, entry.updatedAt > dayAgo, [.accepted, .rejected, .ambiguous, .deferred].contains(entry.state) {
                pool.record(account: settings.account, sendAt: entry.updatedAt)
            }
            switch entry.state {
            case .planned:
                queue.push(.init(entryID: entry.id, recipientID: entry.recipientID, domain: domain,
                                 timeZone: settings.window.timeZone(for: recipient.fields.timezone),
                                 notBefore: .distantPast, firstAttempt: nil))
            case .deferred:
                let due = entry.nextAttemptAt ?? .distantPast
                guard due < .distantFuture else { continue }  // retries gave up; reported, never dropped
                if let reply = entry.lastReply, reply.code == 421 || (reply.enhancedCode?.hasPrefix("4.7.") ?? false), due > started {
                    holds[domain] = max(holds[domain] ?? due, due)
                }
                queue.push(.init(entryID: entry.id, recipientID: entry.recipientID, domain: domain,
                                 timeZone: settings.window.timeZone(for: recipient.fields.timezone),
                                 notBefore: due, firstAttempt: nil))
            default:
                continue
            }
        }

        var tally = Tally(recovered: recovered)
        var backoff = DomainBackoff(policy: settings.backoff)
        let batchSize = batchSize(options)
        // From 8 rows in flight, the batch goes out as two halves: one half is claimed and handed to
        // the transport while the other is still on the wire, so the ledger's commits overlap the
        // relay's round trips. Rows `sending` never exceed `batchSize`.
        let window = batchSize >= 8 ? 2 : 1
        let chunkSize = batchSize / window
        let total = min(queue.count, options.limit ?? .max)
        var stopReason = CampaignSendSummary.StopReason.finished
        var waitingUntil: Date?
        var transportError: TransportError?

        func report(waiting: Date? = nil) {
            progress?.report(SendProgress(
                total: total, sent: tally.sent, accepted: tally.accepted, deferred: tally.deferred,
                rejected: tally.rejected, ambiguous: tally.ambiguous,
                elapsed: clock.now().timeIntervalSince(started), waitingUntil: waiting))
        }

        // Outcomes of the last batch, committed together with the next claim (one durable commit
        // between batches), or alone before any pause, error or exit.
        var pending: [LedgerOutcome] = []
        var pendingAt = started
        func flush() throws {
            guard !pending.isEmpty else { return }
            try store.record(pending, now: pendingAt)
            pending = []
        }

        // Chunks handed to the transport whose outcomes are not yet known, oldest first.
        var inFlight: [InFlight] = []
        /// Waits for the oldest chunk in flight and turns its results into outcomes (in `pending`).
        func settleOldest() async {
            let chunk = inFlight.removeFirst()
            let results = await chunk.task.value
            let recordedAt = clock.now()
            for (job, result) in zip(chunk.jobs, results) {
                guard var item = chunk.items[job.claim.entryID] else { continue }
                if item.firstAttempt == nil { item.firstAttempt = chunk.claimedAt }
                switch result {
                case .notComposed(let reason):
                    pending.append(LedgerOutcome(entryID: job.claim.entryID, result: .skipped))
                    tally.problems.append(.init(entry: job.claim.entryID, reason: reason))
                    tally.skipped += 1
                case .failed(let error):
                    transportError = transportError ?? error
                    pending.append(LedgerOutcome(entryID: job.claim.entryID, result: .deferredUncounted(nil, retryAt: recordedAt)))
                    tally.unsent += 1
                case .sent(let outcome):
                    tally.sent += 1
                    let decision = backoff.decision(
                        for: outcome, domain: item.domain, attempt: job.claim.attempts,
                        firstAttempt: item.firstAttempt ?? chunk.claimedAt, now: recordedAt, rng: &rng)
                    switch outcome {
                    case .accepted(let reply):
                        tally.accepted += 1
                        pending.append(LedgerOutcome(entryID: job.claim.entryID, result: .accepted(reply)))
                    case .rejected(let reply, let reason):
                        tally.rejected += 1
                        pending.append(LedgerOutcome(
                            entryID: job.claim.entryID,
                            result: .rejected(reply ?? SMTPReply(code: 0, enhancedCode: nil, text: reason))))
                    case .ambiguous:
                        tally.ambiguous += 1
                        pending.append(LedgerOutcome(entryID: job.claim.entryID, result: .ambiguous(nil)))
                    case .deferred(let reply, _):
                        tally.deferred += 1
                        let retryAt: Date
                        var counts = true
                        switch decision {
                        case .retry(let at, let countsAsAttempt): retryAt = at; counts = countsAsAttempt
                        case .giveUp(let reason):
                            retryAt = .distantFuture
                            tally.problems.append(.init(entry: job.claim.entryID, reason: reason))
                        case .noRetry: retryAt = recordedAt
                        }
                        pending.append(LedgerOutcome(
                            entryID: job.claim.entryID,
                            result: counts ? .deferred(reply, retryAt: retryAt) : .deferredUncounted(reply, retryAt: retryAt)))
                        if retryAt < .distantFuture {
                            item.notBefore = retryAt
                            queue.push(item)
                        }
                    }
                }
            }
            pending.append(contentsOf: chunk.skipped)
            pendingAt = recordedAt
            report()
        }
        /// Settles every chunk in flight.
        func settleAll() async {
            while !inFlight.isEmpty { await settleOldest() }
        }

        while true {
            if let transportError {
                stopReason = .transportError
                tally.error = transportError.message
                break
            }
            if stop.isSet { stopReason = .interrupted; break }
            let remainingLimit = options.limit.map { $0 - tally.claimed } ?? .max
            if remainingLimit <= 0 { stopReason = .limit; break }
            guard let head = queue.first else {
                if !inFlight.isEmpty { await settleAll(); continue }  // a deferral may come back
                stopReason = .finished
                break
            }
            let now = clock.now()

            // How many sends the account's limits allow right now.
            var trial = pool
            var allowed = 0
            var rateUntil: Date?
            while allowed < min(chunkSize, remainingLimit) {
                let next = trial.nextAllowed(account: settings.account, now: now)
                if next > now { rateUntil = next; break }
                trial.record(account: settings.account, sendAt: now)
                allowed += 1
            }

            // Pick due rows whose domain is not paused and whose window is open.
            var batch: [CampaignSendQueue.Item] = []
            var held: [CampaignSendQueue.Item] = []
            while batch.count < allowed, let top = queue.first, top.notBefore <= now, var item = queue.pop() {
                let domainUntil = max(backoff.nextAllowed(domain: item.domain, now: now), holds[item.domain] ?? now)
                if domainUntil > now {
                    item.notBefore = domainUntil
                    held.append(item)
                } else if !settings.window.isAlwaysOpen, !settings.window.isOpen(at: now, timeZone: item.timeZone) {
                    item.notBefore = settings.window.nextOpening(after: now, timeZone: item.timeZone)
                    held.append(item)
                } else {
                    batch.append(item)
                }
            }
            for item in held { queue.push(item) }

            if batch.isEmpty {
                if !inFlight.isEmpty { await settleAll(); continue }
                var wake = queue.first?.notBefore ?? head.notBefore
                if allowed == 0, let rateUntil { wake = max(wake, rateUntil) }
                if wake <= now { continue }
                if wake.timeIntervalSince(now) > options.maximumWait {
                    stopReason = .waiting
                    waitingUntil = wake
                    break
                }
                try flush()
                report(waiting: wake)
                await pause(until: wake, stop: stop)
                continue
            }

            // Render before claiming: a template problem stops the run with nothing written.
            var pitches: [Int64: RenderedPitch] = [:]
            do {
                for item in batch {
                    guard let entry = byID[item.entryID], let recipient = recipients[item.recipientID] else { continue }
                    pitches[item.entryID] = try render(entry, recipient)
                }
            } catch {
                await settleAll()
                try flush()
                throw error
            }

            let claim: ClaimResult
            do {
                claim = try store.record(
                    pending, recordedAt: pendingAt, thenClaim: batch.map(\.entryID), now: now,
                    messageIDDomain: settings.messageIDDomain)
                pending = []
            } catch {
                await settleAll()
                try? flush()
                throw error
            }
            tally.suppressed += claim.suppressed.count
            tally.claimed += claim.sending.count
            for _ in claim.sending { pool.record(account: settings.account, sendAt: now) }

            // Build the messages (composed to bytes in the send tasks, off this loop); a row that
            // cannot be built or composed is recorded skipped and listed.
            var jobs: [Job] = []
            var skipped: [LedgerOutcome] = []
            for claimed in claim.sending {
                let id = claimed.entryID
                do {
                    guard let pitch = pitches[id], let recipient = recipients[claimed.recipientID] else {
                        throw CampaignSendError(.renderFailed, "the row changed while it was being claimed; run 'pitchlab send' again.")
                    }
                    let address = try MailAddress(claimed.email, field: "the recipient address of ledger row \(id)")
                    let mailbox = Mailbox(name: recipient.fields.name, address: address)
                    let message = settings.finish(
                        PitchMessageBuilder(sender: settings.sender).message(
                            for: pitch, to: mailbox, date: clock.now(), messageID: MessageID(claimed.messageID)),
                        entry: id)
                    jobs.append(Job(claim: claimed, message: message,
                                    envelope: Envelope(from: settings.sender.mailbox.address, recipients: [address])))
                } catch {
                    skipped.append(LedgerOutcome(entryID: id, result: .skipped))
                    tally.problems.append(.init(entry: id, reason: "\(error)"))
                    tally.skipped += 1
                }
            }

            // Hand the chunk to the transport (which pipelines it behind the chunk in flight), then
            // settle the oldest chunk once `window` chunks are out.
            let items = Dictionary(batch.map { ($0.entryID, $0) }, uniquingKeysWith: { first, _ in first })
            let sendJobs = jobs
            inFlight.append(InFlight(
                task: Task { await self.send(sendJobs) }, jobs: jobs, items: items, skipped: skipped, claimedAt: now))
            while inFlight.count >= window { await settleOldest() }

            if settings.gap.maximum > 0 {
                await settleAll()
                try flush()
                let gap = settings.gap.next(using: &rng)
                await pause(until: clock.now().addingTimeInterval(gap), stop: stop)
            }
        }
        await settleAll()
        try flush()
        progress?.finish()
        return try summary(
            options: options, tally: tally, stopReason: stopReason, waitingUntil: waitingUntil, started: started)
    }

    // MARK: - Pieces

    /// One message, ready to be composed and handed to the transport.
    struct Job: Sendable {
        let claim: ClaimedSend
        let message: MailMessage
        let envelope: Envelope
    }

    /// What became of one job.
    enum JobResult: Sendable {
        /// The relay's answer.
        case sent(SendOutcome)
        /// The transport could not be used (TLS, login, URL): the message never reached the relay.
        case failed(TransportError)
        /// The message could not be composed (e.g. a UTF-8 address without SMTPUTF8); nothing was sent.
        case notComposed(String)
    }

    /// A chunk handed to the transport, with what settling it needs.
    struct InFlight {
        let task: Task<[JobResult], Never>
        let jobs: [Job]
        let items: [Int64: CampaignSendQueue.Item]
        /// Rows of the chunk that could not be composed, recorded with its outcomes.
        let skipped: [LedgerOutcome]
        let claimedAt: Date
    }

    /// Counts of one run.
    struct Tally {
        var recovered = 0
        var claimed = 0
        var sent = 0
        var unsent = 0
        var accepted = 0
        var deferred = 0
        var rejected = 0
        var ambiguous = 0
        var suppressed = 0
        var skipped = 0
        var problems: [CampaignSendSummary.Problem] = []
        var error: String?
    }

    /// Composes every job and hands the composed ones to the transport as one batch; returns the
    /// results in the jobs' order.
    func send(_ jobs: [Job]) async -> [JobResult] {
        let composer = MessageComposer(smtpUTF8: settings.smtpUTF8)
        var results = [JobResult?](repeating: nil, count: jobs.count)
        var outgoing: [OutgoingMessage] = []
        var positions: [Int] = []
        outgoing.reserveCapacity(jobs.count)
        positions.reserveCapacity(jobs.count)
        for (index, job) in jobs.enumerated() {
            do {
                outgoing.append(OutgoingMessage(bytes: try composer.compose(job.message), envelope: job.envelope))
                positions.append(index)
            } catch {
                results[index] = .notComposed("\(error)")
            }
        }
        let sent = await transport.send(batch: outgoing)
        for (index, result) in zip(positions, sent) {
            switch result {
            case .success(let outcome): results[index] = .sent(outcome)
            case .failure(let error): results[index] = .failed(error)
            }
        }
        return results.map { $0! }
    }

    /// Sleeps until `deadline` in short steps, returning early when `stop` is set.
    func pause(until deadline: Date, stop: SendStopFlag) async {
        while !stop.isSet {
            let now = clock.now()
            if now >= deadline { return }
            await clock.sleep(until: min(deadline, now.addingTimeInterval(0.25)))
        }
    }

    /// The ledger rows of the campaign in `stage` (every stage when nil).
    func stageEntries(_ stage: Int?) throws -> [LedgerEntry] {
        let all = try store.entries(campaign: settings.campaign, state: nil)
        guard let stage else { return all }
        return all.filter { $0.stage == stage }
    }

    static func nothingPlanned(_ stage: Int?) -> CampaignSendError {
        let which = stage.map { "stage \($0)" } ?? "this campaign"
        let plan = "pitchlab plan --stage \(stage ?? 1)"
        return CampaignSendError(.nothingPlanned, "\(which) has no planned sends; run '\(plan)' first to plan it.")
    }

    /// Renders a row's pitch; a failure names the ledger row and the recipient id, never the address.
    func render(_ entry: LedgerEntry, _ recipient: StoredRecipient) throws -> RenderedPitch {
        guard let renderer = renderers[entry.variant.template] else {
            throw CampaignSendError(
                .missingTemplate,
                "ledger row \(entry.id) uses template '\(entry.variant.template)', which is not in Templates/; restore it or plan the stage again.")
        }
        do {
            return try renderer.render(entry.variant.choice, row: recipient.renderValues, rowNumber: Int(recipient.id))
        } catch {
            throw CampaignSendError(
                .renderFailed,
                "ledger row \(entry.id) (recipient #\(recipient.id)) cannot be rendered: \(error) Nothing of this batch was sent; fix it and run 'pitchlab send' again.")
        }
    }

    /// The run's summary, with the stage's states read back from the ledger.
    func summary(
        options: CampaignSendOptions, tally: Tally, stopReason: CampaignSendSummary.StopReason, waitingUntil: Date?,
        started: Date
    ) throws -> CampaignSendSummary {
        // Counts by state, then only the deferred rows: a large campaign is not read back whole.
        let counts = try store.stateCounts(campaign: settings.campaign, stage: options.stage)
        var states: [String: Int] = [:]
        for (state, count) in counts { states[state.rawValue] = count }
        let deferred = try store.entries(campaign: settings.campaign, state: .deferred)
            .filter { options.stage == nil || $0.stage == options.stage }
        let planned = counts[.planned] ?? 0
        let nextDeferred = deferred.compactMap(\.nextAttemptAt).filter { $0 < .distantFuture }.min()
        let next = [nextDeferred, waitingUntil].compactMap { $0 }.min()
        let finished = planned == 0 && deferred.isEmpty && (counts[.sending] ?? 0) == 0
        var reason = stopReason
        if reason == .finished && !finished { reason = .waiting }
        let elapsed = max(0, clock.now().timeIntervalSince(started))
        return CampaignSendSummary(
            campaign: settings.campaign, stage: options.stage, dryRun: false, stopReason: reason, finished: finished,
            recoveredAmbiguous: tally.recovered, sent: tally.sent, accepted: tally.accepted, deferred: tally.deferred + tally.unsent,
            rejected: tally.rejected, ambiguous: tally.ambiguous, suppressed: tally.suppressed, skipped: tally.skipped,
            states: states, remainingDeferred: deferred.count, remainingPlanned: planned, nextAttemptAt: next,
            problems: tally.problems, error: tally.error, elapsedSeconds: elapsed,
            rate: elapsed > 0 ? Double(tally.sent) / elapsed : 0)
    }
}
