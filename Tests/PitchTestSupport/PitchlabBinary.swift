import Foundation

/// Where the built `pitchlab` executable is, for tests that run it.
///
/// Looked up, in order: `$PITCHLAB_BIN`; next to the test bundle (SwiftPM puts test bundles and
/// executables in the same build products directory, e.g. `.build/debug`); then
/// `.build/debug/pitchlab` under the package root found by walking up from this file.
public enum PitchlabBinary {
    /// The executable, or nil when it has not been built.
    public static let url: URL? = locate()

    private static func locate() -> URL? {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["PITCHLAB_BIN"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        var candidates: [URL] = []
        // Walk up from the test bundle / runner: .build/<triple>/debug/XPackageTests.xctest[/Contents/MacOS/…].
        for start in [Bundle.main.bundleURL, Bundle.main.executableURL, Bundle(for: Marker.self).bundleURL].compactMap({ $0 }) {
            var directory = start
            for _ in 0..<5 {
                candidates.append(directory.appendingPathComponent("pitchlab"))
                directory = directory.deletingLastPathComponent()
            }
        }
        // Fall back to the package root above this source file.
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<4 {
            if fileManager.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                candidates.append(directory.appendingPathComponent(".build/debug/pitchlab"))
                break
            }
            directory = directory.deletingLastPathComponent()
        }
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && fileManager.isExecutableFile(atPath: url.path)
        }
    }

    private final class Marker {}
}
