/// The HTTP tracking endpoint (pixel, signed click redirect, RFC 8058 unsubscribe).
///
/// Empty for now: the signals issue brings the Hummingbird server. The target exists so the
/// module layout of DESIGN.md is in place from the start.
public enum PitchServer {}
