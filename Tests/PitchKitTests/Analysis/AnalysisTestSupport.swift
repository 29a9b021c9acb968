import Foundation
@testable import PitchKit

/// Builds a funnel for tests: `delivered` recipients with no bounces unless given.
func makeFunnel(
    _ label: String, delivered: Int, bounced: Int = 0, trackable: Int? = nil, opens: Int? = nil,
    rawOpens: Int? = nil, trackableReplies: Int? = nil, replies: ReplyCounts = ReplyCounts(),
    pending: Int = 0, variant: CampaignVariant? = nil
) throws -> VariantFunnel {
    try VariantFunnel(
        label: label, variant: variant, sent: delivered + bounced, hardBounces: bounced,
        trackable: trackable, humanOpens: opens, rawOpens: rawOpens, trackableReplies: trackableReplies,
        replies: replies, pendingReplyWindows: pending)
}

/// `count` replies of class `other`.
func otherReplies(_ count: Int) -> ReplyCounts { ReplyCounts(other: count) }

/// A variant with these subject and message ids.
func variantIDs(_ subject: String, _ message: String, offer: String = "fee") -> CampaignVariant {
    CampaignVariant(template: "t", choice: PitchVariantChoice(subject: subject, message: message, offer: offer))
}

/// True when `value` is within `tolerance` of `expected`.
func isNear(_ value: Double?, _ expected: Double, _ tolerance: Double = 5e-4) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= tolerance
}

/// Every string of a diagnosis (summaries and evidence), for wording checks.
func allText(_ verdicts: [Verdict]) -> String {
    verdicts.map { ([$0.summary] + $0.evidence).joined(separator: "\n") }.joined(separator: "\n")
}
