import Foundation
import Testing
@testable import PitchMail

@Suite("Secrets")
struct SecretSourceTests {
    private func file(_ contents: String, mode: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-secret-\(UUID().uuidString)").path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test func environmentVariableIsReadAndAMissingOneIsNamed() throws {
        #expect(try SecretSource.environment("SMTP_PW").read(environment: ["SMTP_PW": "hunter2"]) == "hunter2")
        do {
            _ = try SecretSource.environment("SMTP_PW").read(environment: [:])
            Issue.record("a missing variable was accepted")
        } catch {
            #expect(error.code == .secretUnavailable)
            #expect(error.description.contains("SMTP_PW"))
        }
    }

    @Test func ownerOnlyFileIsReadFirstLineOnly() throws {
        let path = try file("s3cret\nignored\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try SecretSource.file(path).read() == "s3cret")
    }

    @Test("a secrets file readable by group or others is refused, and the error never shows the secret", arguments: [0o644, 0o640, 0o604])
    func looseFileIsRefused(mode: Int) throws {
        let path = try file("s3cret\n", mode: mode)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try SecretSource.file(path).read()
            Issue.record("mode \(String(mode, radix: 8)) was accepted")
        } catch {
            #expect(error.description.contains("chmod 600"))
            #expect(!error.description.contains("s3cret"))
        }
    }

    @Test func missingOrEmptyFileIsAClearError() throws {
        #expect(throws: TransportError.self) { try SecretSource.file("/nonexistent/pitchlab-secret").read() }
        let empty = try file("", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(throws: TransportError.self) { try SecretSource.file(empty).read() }
    }
}
