/// A problem with the workspace folder; `description` is one sentence naming the folder and what to do.
public struct WorkspaceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``WorkspaceError`` (the kinds are in the extension below).
    public typealias Kind = ErrorKind<WorkspaceError>

    /// The category.
    public let kind: Kind
    /// What is wrong and what to do.
    public let message: String
    /// For ``Kind/locked``: the process id recorded by the holder, when readable.
    public let holderPID: Int32?

    init(_ kind: Kind, _ message: String, holderPID: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.holderPID = holderPID
    }

    /// The message.
    public var description: String { message }
}

extension ErrorKind where Owner == WorkspaceError {
    /// The folder has no `pitchlab.yaml`.
    public static var notAWorkspace: Self { Self("notAWorkspace") }
    /// `init` found an existing workspace.
    public static var alreadyExists: Self { Self("alreadyExists") }
    /// A file or folder could not be created.
    public static var cannotCreate: Self { Self("cannotCreate") }
    /// Another process holds the workspace lock.
    public static var locked: Self { Self("locked") }
    /// The lock file could not be opened or locked.
    public static var lockFailed: Self { Self("lockFailed") }
}
