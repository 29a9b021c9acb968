/// A problem with the workspace folder; `description` is one sentence naming the folder and what to do.
public struct WorkspaceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``WorkspaceError``.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The folder has no `pitchlab.yaml`.
        public static let notAWorkspace = Kind("notAWorkspace")
        /// `init` found an existing workspace.
        public static let alreadyExists = Kind("alreadyExists")
        /// A file or folder could not be created.
        public static let cannotCreate = Kind("cannotCreate")
        /// Another process holds the workspace lock.
        public static let locked = Kind("locked")
        /// The lock file could not be opened or locked.
        public static let lockFailed = Kind("lockFailed")

        /// The kind's name.
        public var description: String { name }
    }

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
