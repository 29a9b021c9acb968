import PitchStats

/// The diagnosis rule set of stats.md §5.3, pure and I/O-free: counts in, verdicts out.
///
/// Rules run in order — 0 not enough data, 1 deliverability, 2 subject, 3 message, 4 offer,
/// 5 audience, 6 working, 7 undecided — and the first that fires is the verdict; later rules that
/// also fire are reported as secondary. A batch whose reply window has not matured, or with fewer
/// than 20 delivered, is labelled "too early" and not judged. Every fired rule carries its strength
/// ("probably" = beyond the 80% Wilson interval, "clearly" = beyond the 95% one), its evidence with
/// numbers, and the sends that would settle or sharpen it. Without open tracking, subject and body
/// are separated by the stage design instead of by opens (§5.4).
///
/// ```swift
/// let engine = DiagnosisEngine()
/// let stage = engine.diagnoseStage([a, b], number: 1, dimension: .subject)
/// print(stage.variant("A")?.verdict.summary ?? "")
/// ```
public struct DiagnosisEngine: Sendable {
    /// The thresholds of the rules.
    public var thresholds: DiagnosisThresholds

    /// An engine with `thresholds` (the stats.md §4 defaults unless given).
    public init(thresholds: DiagnosisThresholds = .standard) {
        self.thresholds = thresholds
    }

    /// Diagnoses one variant on its own (no stage context: no comparison with other variants).
    public func diagnose(_ funnel: VariantFunnel) -> Diagnosis {
        diagnosis(of: funnel, context: RuleContext(pooledRawOpen: FunnelRates(funnel).rawOpen))
    }

    /// Diagnoses a stage: each variant (with comparisons between them), the stage as a whole, and
    /// the comparison on the stage's decision metric with its promotion decision.
    ///
    /// - Parameters:
    ///   - funnels: One funnel per variant, counts pooled over the stage's batches.
    ///   - number: The stage number, for reports.
    ///   - dimension: What the stage tests; decides the comparison metric.
    ///   - batches: The same counts per batch, if known; with two or more batches the valid claim
    ///     uses the conditional e-process instead of Fisher's one-look test.
    public func diagnoseStage(
        _ funnels: [VariantFunnel], number: Int? = nil, dimension: StageDimension? = nil,
        batches: [[VariantFunnel]]? = nil
    ) -> StageDiagnosis {
        let pooledFunnel = VariantFunnel.pooled(funnels, label: Self.pooledLabel)
        let pooledRates = FunnelRates(pooledFunnel)
        let tracked = !funnels.isEmpty && funnels.allSatisfy(\.isOpenTracked)
        let compared = batches ?? [funnels]

        // Comparisons feeding rule 2: opens when tracked; replies in a subject stage without tracking.
        var subjectComparison: StageComparison?
        if funnels.count >= 2 {
            if tracked {
                subjectComparison = StageComparison(
                    dimension: dimension, batches: compared, metric: .openRate, thresholds: thresholds)
            } else if dimension == .subject {
                subjectComparison = StageComparison(
                    dimension: dimension, batches: compared, metric: .replyRate, thresholds: thresholds)
            }
        }
        let comparable = funnels.allSatisfy { isJudgeable($0) }

        let variants = funnels.map { funnel in
            var context = RuleContext(pooledRawOpen: pooledRates.rawOpen)
            if comparable, let comparison = subjectComparison,
                !sameSubject(funnel, comparison.leader.flatMap { leader in funnels.first { $0.label == leader } })
            {
                context.worseThanBest = worseThanBest(funnel.label, in: comparison)
            }
            return diagnosis(of: funnel, context: context)
        }

        // The stage as a whole.
        let pooledContext = RuleContext(pooledRawOpen: pooledRates.rawOpen)
        var stageVerdicts: [Verdict]
        let early = funnels.filter { !isJudgeable($0) }
        if !early.isEmpty || funnels.isEmpty {
            stageVerdicts = [stageTooEarly(early, total: funnels.count)]
        } else {
            stageVerdicts = verdicts(for: pooledFunnel, rates: pooledRates, context: pooledContext)
            if tracked, funnels.allSatisfy({ FunnelRates($0).open?.verdict(against: thresholds.openLow).isBelow == true }),
                let index = stageVerdicts.firstIndex(where: { $0.cause == .subject })
            {
                let old = stageVerdicts[index]
                stageVerdicts[index] = Verdict(
                    cause: .subject, strength: old.strength, detail: .subjectsOrSender,
                    summary: "Every variant opens below \(AnalysisFormat.threshold(thresholds.openLow)) while deliverability "
                        + "looks clear: the subjects or the sender identity (from-name) are the problem.",
                    evidence: old.evidence, settle: old.settle)
            }
            if let nothing = nothingWorks(funnels) {
                // "Nothing works" refutes the per-variant blame of rules 2–3 (several subjects and
                // bodies all fail), so at the stage level it comes right after rule 1.
                let firstAfterDeliverability = stageVerdicts.firstIndex { $0.cause != .deliverability } ?? stageVerdicts.count
                stageVerdicts.insert(nothing, at: firstAfterDeliverability)
                stageVerdicts.removeAll { $0.cause == .undecided }
            }
        }
        let pooled = Diagnosis(
            label: pooledFunnel.label, funnel: pooledFunnel, rates: pooledRates,
            verdict: stageVerdicts[0], secondary: Array(stageVerdicts.dropFirst()),
            warnings: warnings(pooledFunnel, rates: pooledRates, verdicts: stageVerdicts))
        let comparison = funnels.count >= 2
            ? StageComparison(dimension: dimension, batches: compared, thresholds: thresholds) : nil
        return StageDiagnosis(
            stage: number, dimension: dimension, openTracking: tracked, verdict: stageVerdicts[0],
            secondary: Array(stageVerdicts.dropFirst()), pooled: pooled, variants: variants, comparison: comparison)
    }

    /// Rule 5, "nothing works": at least 3 variants that differ in both subject and message, each with
    /// a reply rate probably below 3%, a pooled reply rate probably below 1%, and deliverability clear.
    /// Usable across stages. Nil when the rule does not fire or a variant's ids are unknown.
    public func nothingWorks(_ funnels: [VariantFunnel]) -> Verdict? {
        guard funnels.count >= thresholds.nothingWorksMinimumVariants,
            funnels.allSatisfy({ isJudgeable($0) })
        else { return nil }
        let ids = funnels.compactMap(\.variant)
        guard ids.count == funnels.count,
            Set(ids.map(\.choice.subject)).count >= 2, Set(ids.map(\.choice.message)).count >= 2
        else { return nil }
        let pooled = VariantFunnel.pooled(funnels, label: Self.pooledLabel)
        let pooledRates = FunnelRates(pooled)
        let context = RuleContext(pooledRawOpen: pooledRates.rawOpen)
        guard deliverability(pooled, rates: pooledRates, context: context) == nil else { return nil }
        var evidence: [String] = []
        var strengths: [Strength] = []
        for funnel in funnels {
            let reply = FunnelRates(funnel).reply
            let verdict = reply.verdict(against: thresholds.replyHealthy)
            guard verdict.isBelow, let strength = verdict.strength else { return nil }
            strengths.append(strength)
            evidence.append("\(funnel.label): \(reply.describe("replies", of: "delivered")), "
                + judged(reply, verdict, thresholds.replyHealthy) + ".")
        }
        let pooledVerdict = pooledRates.reply.verdict(against: thresholds.replyLow)
        guard pooledVerdict.isBelow, let pooledStrength = pooledVerdict.strength else { return nil }
        strengths.append(pooledStrength)
        evidence.append("All \(funnels.count) variants pooled: \(pooledRates.reply.describe("replies", of: "delivered")), "
            + judged(pooledRates.reply, pooledVerdict, thresholds.replyLow) + ".")
        if let open = pooledRates.open {
            evidence.append("Pooled opens: \(open.describe("human opens", of: "trackable")); if these are also low, "
                + "recheck deliverability first.")
        }
        return Verdict(
            cause: .audience, strength: strengths.min(), detail: .nothingWorks,
            summary: "Nothing works: \(funnels.count) variants with different subjects and bodies all fail. "
                + "Stop rewriting copy; change the list or segment.",
            evidence: evidence,
            settle: pooledStrength == .probably
                ? settle(.replyRate, pooledRates.reply, thresholds.replyLow, sendsPerTrial: sendsPer(pooled.delivered, pooled))
                : nil)
    }

    // MARK: - Per funnel

    /// What a variant's rules see of its stage.
    struct RuleContext {
        /// The raw open rate of all the stage's variants pooled (rule 1).
        var pooledRawOpen: RateEstimate?
        /// This variant is worse than the stage's best on opens (or replies, §5.4) (rule 2).
        var worseThanBest: WorseThanBest?
    }

    /// Rule 2's comparative finding.
    struct WorseThanBest {
        var strength: Strength
        var evidence: String
    }

    func isJudgeable(_ funnel: VariantFunnel) -> Bool {
        funnel.isMature && funnel.delivered >= thresholds.minimumDelivered
    }

    func diagnosis(of funnel: VariantFunnel, context: RuleContext) -> Diagnosis {
        let rates = FunnelRates(funnel)
        let list = verdicts(for: funnel, rates: rates, context: context)
        return Diagnosis(
            label: funnel.label, funnel: funnel, rates: rates, verdict: list[0], secondary: Array(list.dropFirst()),
            warnings: warnings(funnel, rates: rates, verdicts: list))
    }

    /// Cautions beside the verdict: bounces above the warning line, a large untrackable share.
    func warnings(_ funnel: VariantFunnel, rates: FunnelRates, verdicts: [Verdict]) -> [String] {
        var warnings: [String] = []
        if let rate = rates.bounce.rate, rate > thresholds.bounceWarning,
            !verdicts.contains(where: { $0.cause == .deliverability })
        {
            warnings.append("Bounce rate \(AnalysisFormat.percent(rate)) (\(funnel.bounced) of \(funnel.sent) sent) is above "
                + "the \(AnalysisFormat.threshold(thresholds.bounceWarning)) warning line; check list quality before it reaches "
                + "\(AnalysisFormat.threshold(thresholds.bounceHigh)).")
        }
        if let share = rates.untrackableShare, share > thresholds.untrackableWarning, let trackable = funnel.trackable {
            warnings.append("\(AnalysisFormat.percent(share)) of delivered recipients are untrackable (Apple MPP): the open "
                + "rate rests on \(trackable) trackable recipients; judge on replies.")
        }
        return warnings
    }

    /// Every rule that fires, in order; never empty.
    func verdicts(for funnel: VariantFunnel, rates: FunnelRates, context: RuleContext) -> [Verdict] {
        if let early = tooEarly(funnel) { return [early] }
        var fired: [Verdict] = []
        let delivery = deliverability(funnel, rates: rates, context: context)
        if let delivery { fired.append(delivery) }
        if let subject = subject(funnel, rates: rates, context: context, deliverabilityClear: delivery == nil) {
            fired.append(subject)
        }
        if let message = message(funnel, rates: rates) { fired.append(message) }
        if let offer = offer(funnel, rates: rates) { fired.append(offer) }
        if let audience = audience(funnel, rates: rates) { fired.append(audience) }
        if let working = working(funnel, rates: rates) { fired.append(working) }
        if fired.isEmpty { fired.append(undecided(funnel, rates: rates)) }
        return fired
    }

    /// Rule 0.
    func tooEarly(_ funnel: VariantFunnel) -> Verdict? {
        let window = AnalysisFormat.hours(funnel.replyWindow.hours)
        if !funnel.isMature {
            return Verdict(
                cause: .tooEarly, strength: nil,
                summary: "Too early: \(funnel.pendingReplyWindows) of the batch's \(funnel.delivered) delivered "
                    + "are still in their \(window) reply window.",
                evidence: [
                    "Replies are counted within \(window) of delivery so variants are compared on equal exposure; "
                        + "\(funnel.label) is labelled, not judged, until every window has closed."
                ])
        }
        if funnel.delivered < thresholds.minimumDelivered {
            return Verdict(
                cause: .tooEarly, strength: nil,
                summary: "Too early: \(funnel.label) has \(funnel.delivered) delivered; at least "
                    + "\(thresholds.minimumDelivered) are needed before judging.",
                evidence: ["\(funnel.sent) sent, \(funnel.bounced) bounced, \(funnel.delivered) delivered."],
                settle: nil)
        }
        return nil
    }

    private func stageTooEarly(_ early: [VariantFunnel], total: Int) -> Verdict {
        guard !early.isEmpty else {
            return Verdict(cause: .tooEarly, strength: nil, summary: "Too early: the stage has no variants yet.", evidence: [])
        }
        let evidence = early.compactMap { tooEarly($0).map { "\($0.summary)" } }
            .enumerated().map { "\(early[$0.offset].label): \($0.element)" }
        return Verdict(
            cause: .tooEarly, strength: nil,
            summary: "Too early: \(early.count) of \(total) variants are not ready to judge "
                + "(\(early.map(\.label).joined(separator: ", "))).",
            evidence: evidence)
    }

    /// Rule 1.
    func deliverability(_ funnel: VariantFunnel, rates: FunnelRates, context: RuleContext) -> Verdict? {
        var evidence: [String] = []
        var strengths: [Strength] = []
        var settleEstimate: SettleEstimate?
        let bounceVerdict = rates.bounce.verdict(against: thresholds.bounceHigh)
        if bounceVerdict.isAbove, let strength = bounceVerdict.strength {
            strengths.append(strength)
            evidence.append(
                "\(rates.bounce.describe("bounces", of: "sent")) (\(funnel.hardBounces) hard, \(funnel.softBounces) soft), "
                    + judged(rates.bounce, bounceVerdict, thresholds.bounceHigh) + " limit.")
            if strength == .probably {
                settleEstimate = settle(.bounceRate, rates.bounce, thresholds.bounceHigh, sendsPerTrial: 1)
            }
        }
        if funnel.isOpenTracked, let raw = context.pooledRawOpen {
            let rawVerdict = raw.verdict(against: thresholds.rawOpenLow)
            if rawVerdict.isBelow, let strength = rawVerdict.strength {
                strengths.append(strength)
                evidence.append(
                    "Raw opens of all variants pooled: \(raw.describe("with any pixel hit", of: "delivered")), "
                        + judged(raw, rawVerdict, thresholds.rawOpenLow)
                        + ": below every published range, so suspect spam placement or broken tracking.")
            }
        }
        guard let strength = strengths.max() else { return nil }
        return Verdict(
            cause: .deliverability, strength: strength,
            summary: "Fix deliverability or list quality before judging copy: check authentication "
                + "(SPF, DKIM, DMARC) and inbox placement. Do not blame the subject yet.",
            evidence: evidence, settle: strength == .probably ? settleEstimate : nil)
    }

    /// Rule 2.
    func subject(_ funnel: VariantFunnel, rates: FunnelRates, context: RuleContext, deliverabilityClear: Bool) -> Verdict? {
        var evidence: [String] = []
        var strength: Strength?
        var settleEstimate: SettleEstimate?
        if deliverabilityClear, let open = rates.open {
            let verdict = open.verdict(against: thresholds.openLow)
            if verdict.isBelow, let level = verdict.strength {
                strength = level
                evidence.append("\(open.describe("human opens", of: "trackable")), "
                    + judged(open, verdict, thresholds.openLow) + ".")
                if let share = rates.untrackableShare, share > 0 {
                    evidence.append("\(AnalysisFormat.percent(share)) of delivered recipients are not trackable (Apple MPP) and are left out of the open rate.")
                }
                if level == .probably, let trackable = funnel.trackable {
                    settleEstimate = settle(.openRate, open, thresholds.openLow, sendsPerTrial: sendsPer(trackable, funnel))
                }
            }
        }
        if let worse = context.worseThanBest {
            evidence.append(worse.evidence)
            if strength == nil { strength = worse.strength }
        }
        guard let strength else { return nil }
        let tracked = funnel.isOpenTracked
        return Verdict(
            cause: .subject, strength: strength,
            detail: rates.open?.verdict(against: thresholds.openLow).isBelow == true && deliverabilityClear ? nil : .worseThanBest,
            summary: "Subject line / sender name / preview is the problem for \(name(funnel))"
                + (tracked ? "." : ": opens are not tracked, so the subject test is read on replies."),
            evidence: evidence, settle: settleEstimate)
    }

    /// Rule 3.
    func message(_ funnel: VariantFunnel, rates: FunnelRates) -> Verdict? {
        let replyVerdict = rates.reply.verdict(against: thresholds.replyHealthy)
        let replyLine = "\(rates.reply.describe("replies", of: "delivered")), "
            + judged(rates.reply, replyVerdict, thresholds.replyHealthy) + "."
        guard let open = rates.open else {
            // §5.4: no opens; the reply rate alone points at body or offer.
            guard replyVerdict.isBelow, let strength = replyVerdict.strength else { return nil }
            return Verdict(
                cause: .message, strength: strength, detail: .bodyOrOffer,
                summary: "They don't reply and opens are not tracked: the message body or the offer is the problem. "
                    + "Test bodies with the same subject, then offers with the same copy.",
                evidence: [replyLine] + lowLineNote(funnel, rates: rates),
                settle: strength == .probably
                    ? settle(.replyRate, rates.reply, thresholds.replyHealthy, sendsPerTrial: sendsPer(funnel.delivered, funnel)) : nil)
        }
        let openVerdict = open.verdict(against: thresholds.openLow)
        guard !openVerdict.isBelow else { return nil }
        var strengths: [Strength] = []
        var evidence = ["\(open.describe("human opens", of: "trackable")), "
            + (openVerdict.isAbove ? judged(open, open.verdict(against: thresholds.openHealthy), thresholds.openHealthy)
                : "not below \(AnalysisFormat.threshold(thresholds.openLow))") + "."]
        var settleEstimate: SettleEstimate?
        if let givenOpen = rates.replyGivenOpen {
            let verdict = givenOpen.verdict(against: thresholds.replyGivenOpenLow)
            if verdict.isBelow, let strength = verdict.strength {
                strengths.append(strength)
                evidence.append("\(givenOpen.describe("repliers", of: "human openers")), "
                    + judged(givenOpen, verdict, thresholds.replyGivenOpenLow) + ".")
                if strength == .probably, let opens = funnel.humanOpens {
                    settleEstimate = settle(.replyGivenOpen, givenOpen, thresholds.replyGivenOpenLow,
                                            sendsPerTrial: sendsPer(opens, funnel))
                }
            }
        }
        if replyVerdict.isBelow, let strength = replyVerdict.strength {
            strengths.append(strength)
            evidence.append(replyLine)
            evidence += lowLineNote(funnel, rates: rates)
            if strength == .probably {
                settleEstimate = settle(.replyRate, rates.reply, thresholds.replyHealthy,
                                        sendsPerTrial: sendsPer(funnel.delivered, funnel))
            }
        }
        guard let strength = strengths.max() else { return nil }
        return Verdict(
            cause: .message, strength: strength,
            summary: "They open but don't reply: the message body/CTA is the problem for \(name(funnel)).",
            evidence: evidence, settle: strength == .probably ? settleEstimate : nil)
    }

    /// Rule 4.
    func offer(_ funnel: VariantFunnel, rates: FunnelRates) -> Verdict? {
        let replies = funnel.replies
        guard replies.total >= thresholds.minimumRepliesForShares, let share = rates.objectionShare else { return nil }
        guard !rates.reply.verdict(against: thresholds.replyLow).isBelow else { return nil }
        let verdict = share.verdict(against: thresholds.objectionShareHigh)
        guard verdict.isAbove, let strength = verdict.strength else { return nil }
        let detail: Verdict.Detail?
        let tail: String
        if replies.negotiate > replies.decline {
            detail = .priceOrTerms
            tail = " Negotiate replies outnumber declines: price/terms are off."
        } else if replies.decline > replies.negotiate {
            detail = .offerFit
            tail = " Declines outnumber negotiate replies: the offer does not fit this audience's need."
        } else {
            detail = nil
            tail = " Negotiate replies and declines are even: check both price/terms and fit."
        }
        var evidence = [
            "\(share.describe("replies negotiate or decline", of: "human replies")), "
                + judged(share, verdict, thresholds.objectionShareHigh) + ".",
            "\(replies.negotiate) negotiate vs \(replies.decline) decline; reply rate "
                + "\(rates.reply.describe("replies", of: "delivered")).",
        ]
        if let positive = rates.positiveShare {
            var line = "Positive share \(positive.describe("positive", of: "human replies"))"
            if let rate = positive.rate, let needed = SendsToSettle.requiredTrials(
                rate: rate, threshold: thresholds.positiveShareLow, z: RateEstimate.z80), rate < thresholds.positiveShareLow
            {
                let total = Int(needed.rounded(.up))
                let more = max(0, total - replies.total)
                line += "; showing it below \(AnalysisFormat.threshold(thresholds.positiveShareLow)) would take about "
                    + "\(AnalysisFormat.count(total)) replies in all (\(AnalysisFormat.count(more)) more"
                if let replyRate = rates.reply.rate, replyRate > 0 {
                    line += ", about \(AnalysisFormat.count(Int((Double(more) / replyRate).rounded(.up)))) more sends at the current reply rate"
                }
                line += "), which is why the rule keys on the objection share"
            }
            evidence.append(line + ".")
        }
        return Verdict(
            cause: .offer, strength: strength, detail: detail,
            summary: "They read and answer, but say no: the offer is the problem for \(name(funnel))." + tail,
            evidence: evidence,
            settle: strength == .probably
                ? settle(.objectionShare, share, thresholds.objectionShareHigh, sendsPerTrial: sendsPer(replies.total, funnel))
                : nil)
    }

    /// Rule 5 (per variant: wrong contacts).
    func audience(_ funnel: VariantFunnel, rates: FunnelRates) -> Verdict? {
        guard funnel.replies.total >= thresholds.minimumRepliesForShares, let share = rates.wrongPersonShare else { return nil }
        let verdict = share.verdict(against: thresholds.wrongPersonShareHigh)
        guard verdict.isAbove, let strength = verdict.strength else { return nil }
        return Verdict(
            cause: .audience, strength: strength, detail: .wrongContacts,
            summary: "Wrong contacts (role/company fit) for \(name(funnel)): change the list or segment, not the copy.",
            evidence: ["\(share.describe("wrong-person replies", of: "human replies")), "
                + judged(share, verdict, thresholds.wrongPersonShareHigh) + "."],
            settle: strength == .probably
                ? settle(.wrongPersonShare, share, thresholds.wrongPersonShareHigh,
                         sendsPerTrial: sendsPer(funnel.replies.total, funnel))
                : nil)
    }

    /// Rule 6.
    func working(_ funnel: VariantFunnel, rates: FunnelRates) -> Verdict? {
        let verdict = rates.reply.verdict(against: thresholds.replyHealthy)
        guard verdict.isAbove, let strength = verdict.strength else { return nil }
        if funnel.replies.total >= thresholds.minimumRepliesForShares,
            rates.objectionShare?.verdict(against: thresholds.objectionShareHigh).isAbove == true
        {
            return nil
        }
        var evidence = ["\(rates.reply.describe("replies", of: "delivered")), "
            + judged(rates.reply, verdict, thresholds.replyHealthy) + "."]
        if let positive = rates.positiveShare {
            evidence.append("Positive share \(positive.describe("positive", of: "human replies")).")
        }
        return Verdict(
            cause: .working, strength: strength,
            summary: "Working: keep \(name(funnel)) and test the next element (offer, then CTA).",
            evidence: evidence,
            settle: strength == .probably
                ? settle(.replyRate, rates.reply, thresholds.replyHealthy, sendsPerTrial: sendsPer(funnel.delivered, funnel))
                : nil)
    }

    /// Rule 7: names the metric that straddles its threshold and the sends that would settle it.
    func undecided(_ funnel: VariantFunnel, rates: FunnelRates) -> Verdict {
        typealias Candidate = (SettleEstimate.Metric, RateEstimate, Double, String, String, Int)
        var candidates: [Candidate] = [
            (.replyRate, rates.reply, thresholds.replyHealthy, "replies", "delivered", funnel.delivered)
        ]
        if let open = rates.open, let trackable = funnel.trackable {
            candidates.append((.openRate, open, thresholds.openLow, "human opens", "trackable", trackable))
        }
        if funnel.replies.total >= thresholds.minimumRepliesForShares, let share = rates.objectionShare {
            candidates.append((.objectionShare, share, thresholds.objectionShareHigh,
                               "replies negotiate or decline", "human replies", funnel.replies.total))
        }
        let chosen = candidates.first { $0.1.verdict(against: $0.2) == .unknown } ?? candidates[0]
        let (metric, estimate, threshold, successNoun, trialNoun, trials) = chosen
        let estimateSettle = settle(metric, estimate, threshold, sendsPerTrial: sendsPer(trials, funnel))
        let benchmark = AnalysisFormat.threshold(threshold)
        if estimateSettle?.sitsAtThreshold ?? false {
            return Verdict(
                cause: .undecided, strength: nil, detail: .sitsAtThreshold,
                summary: "\(AnalysisFormat.capitalizedFirst(name(funnel))) sits at the \(benchmark) benchmark (\(estimate.successes) of "
                    + "\(estimate.trials)); more sends won't separate it. Decide on other grounds.",
                evidence: ["\(estimate.describe(successNoun, of: trialNoun))."], settle: estimateSettle)
        }
        var summary = "Not enough data yet for \(name(funnel)): \(estimate.describe(successNoun, of: trialNoun)) "
            + "is not yet distinguishable from the \(benchmark) benchmark."
        if let sends = estimateSettle?.additionalSends {
            summary += " At this rate about \(AnalysisFormat.count(sends)) more sends would settle it."
        }
        return Verdict(
            cause: .undecided, strength: nil, summary: summary,
            evidence: ["\(estimate.describe(successNoun, of: trialNoun)); 80% range "
                + "\(AnalysisFormat.range(estimate.lower80, estimate.upper80)) contains \(benchmark)."],
            settle: estimateSettle)
    }

    // MARK: - Helpers

    /// The label of a stage's pooled counts.
    static let pooledLabel = "all variants"

    /// "variant A", or "the stage (all variants pooled)" for pooled counts.
    func name(_ funnel: VariantFunnel) -> String {
        funnel.variant == nil && funnel.label == Self.pooledLabel
            ? "the stage (all variants pooled)" : "variant \(funnel.label)"
    }

    /// True when both variants are known and send the same subject: an open-rate gap between them
    /// cannot be blamed on the subject.
    func sameSubject(_ funnel: VariantFunnel, _ best: VariantFunnel?) -> Bool {
        guard let mine = funnel.variant, let theirs = best?.variant else { return false }
        return mine.choice.subject == theirs.choice.subject
    }

    /// Rule 2's comparison of one variant with the stage's best.
    func worseThanBest(_ label: String, in comparison: StageComparison) -> WorseThanBest? {
        guard let leader = comparison.leader, leader != label,
            let arm = comparison.arm(label), let best = comparison.arm(leader),
            let beaten = arm.probabilityLeaderBetter
        else { return nil }
        let metric = comparison.metric
        let test = comparison.claimTest == .fisher ? "Fisher p" : "e-process anytime p"
        let counts = "\(metric.words) \(arm.estimate.successes)/\(arm.estimate.trials) "
            + "(\(AnalysisFormat.percent(arm.estimate.rate ?? 0))) vs the best variant \(leader) "
            + "\(best.estimate.successes)/\(best.estimate.trials) (\(AnalysisFormat.percent(best.estimate.rate ?? 0)))"
        if let p = arm.holmPValue, p <= thresholds.alpha, (best.estimate.rate ?? 0) > (arm.estimate.rate ?? 0) {
            return WorseThanBest(
                strength: .clearly,
                evidence: "Compared with the best: \(counts); a proven difference (\(test) = \(AnalysisFormat.pValue(p))); "
                    + AnalysisFormat.probabilityClause("P(\(leader) better)", beaten) + ".")
        }
        if beaten >= thresholds.betterBetProbability {
            return WorseThanBest(
                strength: .probably,
                evidence: "Compared with the best: \(counts); "
                    + AnalysisFormat.probabilityClause("P(\(leader) better)", beaten) + " (advice, not a proven difference: \(test) = \(AnalysisFormat.pValue(arm.holmPValue ?? 1))).")
        }
        return nil
    }

    /// "probably (90%) below 3% (80% upper bound 2.1%)".
    func judged(_ estimate: RateEstimate, _ verdict: IntervalVerdict, _ threshold: Double) -> String {
        let t = AnalysisFormat.threshold(threshold)
        switch verdict {
        case .clearlyBelow: return "clearly (95%) below \(t) (95% upper bound \(AnalysisFormat.percent(estimate.upper95)))"
        case .probablyBelow: return "probably (90%) below \(t) (80% upper bound \(AnalysisFormat.percent(estimate.upper80)))"
        case .clearlyAbove: return "clearly (95%) above \(t) (95% lower bound \(AnalysisFormat.percent(estimate.lower95)))"
        case .probablyAbove: return "probably (90%) above \(t) (80% lower bound \(AnalysisFormat.percent(estimate.lower80)))"
        case .unknown: return "not distinguishable from \(t)"
        }
    }

    /// The note that a low reply rate is not shown below the 1% LOW line, with the sends that would.
    func lowLineNote(_ funnel: VariantFunnel, rates: FunnelRates) -> [String] {
        guard rates.reply.verdict(against: thresholds.replyLow) == .unknown,
            let estimate = settle(.replyRate, rates.reply, thresholds.replyLow, sendsPerTrial: sendsPer(funnel.delivered, funnel)),
            let sends = estimate.additionalSends
        else { return [] }
        return ["Not shown below the \(AnalysisFormat.threshold(thresholds.replyLow)) low line: judging that would need about "
            + "\(AnalysisFormat.count(sends)) more sends at this rate."]
    }

    /// Sends per trial of a metric whose denominator holds `trials` of the funnel's sends.
    func sendsPer(_ trials: Int, _ funnel: VariantFunnel) -> Double? {
        trials > 0 ? Double(funnel.sent) / Double(trials) : nil
    }

    /// Sends at the current rate until the 95% interval excludes `threshold` (stats.md §3.2).
    func settle(
        _ metric: SettleEstimate.Metric, _ estimate: RateEstimate, _ threshold: Double, sendsPerTrial: Double?
    ) -> SettleEstimate? {
        guard let counts = estimate.proportion, counts.trials > 0 else { return nil }
        let trials: Int?
        do {
            trials = try SendsToSettle.additionalSends(counts, threshold: threshold, confidence: 0.95)
        } catch {
            return nil
        }
        var sends: Int?
        if let trials, let sendsPerTrial {
            // Delivered-based metrics count a delivered recipient as one send (bounces are rare by then).
            let perTrial = metric == .replyRate || metric == .positiveRate ? 1 : sendsPerTrial
            sends = Int((Double(trials) * perTrial).rounded(.up))
        }
        return SettleEstimate(
            metric: metric, threshold: threshold, confidence: 0.95, additionalTrials: trials, additionalSends: sends)
    }
}
