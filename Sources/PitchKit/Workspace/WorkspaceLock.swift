import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The workspace's exclusive lock: one sending process per workspace.
///
/// An `flock` on `.pitchlab.lock` in the workspace, held until this object is released (or the process
/// ends, even by SIGKILL: the kernel drops the lock). The holder writes its PID into the file so a
/// second process can say who holds it. `flock` belongs to an open file description, so a second
/// ``Workspace/lock()`` in the same process conflicts too.
public final class WorkspaceLock: Sendable {
    private let descriptor: Int32
    /// The lock file.
    public let path: String

    init(path: String, workspaceName: String) throws(WorkspaceError) {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw WorkspaceError(
                .lockFailed, "the lock file \(path) could not be opened (\(reason)); check that the workspace \(workspaceName) is writable.")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = Self.readPID(fd)
            close(fd)
            if code == EWOULDBLOCK {
                let who = holder.map { "process \($0)" } ?? "another process"
                throw WorkspaceError(
                    .locked,
                    "the workspace \(workspaceName) is in use by \(who) (another pitchlab send?); wait for it to finish or stop it, then retry.",
                    holderPID: holder)
            }
            throw WorkspaceError(
                .lockFailed, "the lock file \(path) could not be locked (\(String(cString: strerror(code)))); check the file system supports locks.")
        }
        descriptor = fd
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        // Closing the descriptor releases the flock.
        close(descriptor)
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 31, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text)
    }
}
