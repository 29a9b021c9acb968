import Foundation
import PitchKit
import Testing

/// Workspace scaffolding and the one-sender lock.
@Suite("Workspace and lock")
struct WorkspaceTests {
    @Test("init scaffolds the files and refuses to overwrite a workspace")
    func scaffold() throws {
        let test = try TestWorkspace()
        defer { test.remove() }
        let manager = FileManager.default
        #expect(manager.fileExists(atPath: test.workspace.configURL.path))
        #expect(manager.fileExists(atPath: test.workspace.recipientsURL.path))
        let template = test.workspace.templatesURL.appendingPathComponent(Workspace.scaffoldTemplateFileName)
        #expect(manager.fileExists(atPath: template.path))
        let error = #expect(throws: WorkspaceError.self) { try Workspace.create(at: test.directory.path) }
        #expect(error?.kind == .alreadyExists)
        // The sample recipients use reserved example domains only.
        let csv = try String(contentsOf: test.workspace.recipientsURL, encoding: .utf8)
        for line in csv.split(separator: "\n").dropFirst() {
            let domain = line.split(separator: ",")[0].split(separator: "@").last ?? ""
            #expect(domain == "example.com" || domain == "example.org")
        }
    }

    @Test("the scaffolded pitch is the repository's dewpoint-peer.pitch, byte for byte")
    func scaffoldTemplateMatchesRepository() throws {
        var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while root.path != "/", !FileManager.default.fileExists(atPath: root.appendingPathComponent("Templates/dewpoint-peer.pitch").path) {
            root.deleteLastPathComponent()
        }
        let original = root.appendingPathComponent("Templates/dewpoint-peer.pitch")
        try #require(FileManager.default.fileExists(atPath: original.path), "no Templates/dewpoint-peer.pitch above \(#filePath)")
        let test = try TestWorkspace()
        defer { test.remove() }
        let copy = test.workspace.templatesURL.appendingPathComponent(Workspace.scaffoldTemplateFileName)
        #expect(try Data(contentsOf: copy) == Data(contentsOf: original))
    }

    @Test("a command on a folder without pitchlab.yaml says how to create the workspace")
    func notAWorkspace() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-none-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: WorkspaceError.self) { try Workspace(path: directory.path).openStore() }
        #expect(error?.kind == .notAWorkspace)
        #expect(error?.description.contains("pitchlab init") == true)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("pitchlab.sqlite").path))
    }

    @Test("a second lock in the same process fails at once, naming the workspace and the holder's PID")
    func lockInProcess() throws {
        let test = try TestWorkspace()
        defer { test.remove() }
        var first: WorkspaceLock? = try test.workspace.lock()
        #expect(first != nil)
        let error = #expect(throws: WorkspaceError.self) { try test.workspace.lock() }
        #expect(error?.kind == .locked)
        #expect(error?.holderPID == getpid())
        #expect(error?.description.contains(test.workspace.displayPath) == true)
        #expect(error?.description.contains("process \(getpid())") == true)
        first = nil  // released
        #expect(throws: Never.self) { _ = try test.workspace.lock() }
    }

    @Test("a lock held by another process is refused with that process's PID")
    func lockAcrossProcesses() throws {
        let test = try TestWorkspace()
        defer { test.remove() }
        let ready = test.directory.appendingPathComponent("holder-ready")
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        holder.arguments = ["-c", """
            import fcntl, os, sys, time
            f = open(sys.argv[1], 'a+')
            fcntl.flock(f, fcntl.LOCK_EX)
            f.truncate(0); f.write(str(os.getpid()) + '\\n'); f.flush()
            open(sys.argv[2], 'w').close()
            time.sleep(30)
            """, test.workspace.lockURL.path, ready.path]
        try holder.run()
        defer {
            if holder.isRunning { kill(holder.processIdentifier, SIGKILL) }
            holder.waitUntilExit()
        }
        let deadline = Date() + 10
        while !FileManager.default.fileExists(atPath: ready.path), Date() < deadline { usleep(20_000) }
        try #require(FileManager.default.fileExists(atPath: ready.path), "the holder process did not start")
        let started = Date()
        let error = #expect(throws: WorkspaceError.self) { try test.workspace.lock() }
        #expect(Date().timeIntervalSince(started) < 1, "the lock must fail at once, not wait")
        #expect(error?.kind == .locked)
        #expect(error?.holderPID == holder.processIdentifier)
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        // The kernel drops the lock with its holder, even on SIGKILL.
        #expect(throws: Never.self) { _ = try test.workspace.lock() }
    }
}
