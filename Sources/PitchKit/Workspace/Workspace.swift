public import Foundation

/// A PitchLab workspace: a folder with `pitchlab.yaml`, `Templates/`, `recipients.csv` and the state
/// database `pitchlab.sqlite`. Commands find it with `-C DIR` (default: the current folder).
///
/// ```swift
/// let workspace = Workspace(path: "campaigns/dewpoint")
/// let store = try workspace.openStore()
/// let lock = try workspace.lock()   // only one sender per workspace
/// ```
public struct Workspace: Sendable, Hashable {
    /// The configuration file's name.
    public static let configFileName = "pitchlab.yaml"
    /// The templates folder's name.
    public static let templatesFolderName = "Templates"
    /// The sample recipients file's name.
    public static let recipientsFileName = "recipients.csv"
    /// The state database's name.
    public static let databaseFileName = "pitchlab.sqlite"
    /// The lock file's name.
    public static let lockFileName = ".pitchlab.lock"

    /// The folder.
    public let directory: URL
    /// The folder as the user named it, for messages.
    public let displayPath: String

    /// A workspace in `path` (relative paths are resolved against the current folder).
    public init(path: String = ".") {
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        self.directory = URL(fileURLWithPath: path, isDirectory: true, relativeTo: base).standardizedFileURL
        self.displayPath = path
    }

    /// A workspace in `directory`.
    public init(directory: URL) {
        self.directory = directory.standardizedFileURL
        self.displayPath = directory.path
    }

    /// `pitchlab.yaml`.
    public var configURL: URL { directory.appendingPathComponent(Self.configFileName) }
    /// `Templates/`.
    public var templatesURL: URL { directory.appendingPathComponent(Self.templatesFolderName, isDirectory: true) }
    /// `recipients.csv`.
    public var recipientsURL: URL { directory.appendingPathComponent(Self.recipientsFileName) }
    /// `pitchlab.sqlite`.
    public var databaseURL: URL { directory.appendingPathComponent(Self.databaseFileName) }
    /// `.pitchlab.lock`.
    public var lockURL: URL { directory.appendingPathComponent(Self.lockFileName) }

    /// True when the folder has a `pitchlab.yaml`.
    public var isInitialized: Bool { FileManager.default.fileExists(atPath: configURL.path) }

    /// Throws unless the folder is a workspace.
    public func requireInitialized() throws(WorkspaceError) {
        guard isInitialized else {
            throw WorkspaceError(
                .notAWorkspace,
                "\(displayPath) is not a PitchLab workspace (it has no \(Self.configFileName)); run 'pitchlab init \(displayPath)' or pass -C with the workspace folder.")
        }
    }

    /// Opens (creating and migrating when needed) the workspace's database.
    ///
    /// - Throws: ``WorkspaceError`` when the folder is not a workspace, ``StoreError`` when the database fails.
    public func openStore() throws -> SQLiteCampaignStore {
        try requireInitialized()
        return try SQLiteCampaignStore(path: databaseURL.path)
    }

    /// Takes the workspace's exclusive lock, held until the returned object is released.
    ///
    /// - Throws: ``WorkspaceError`` of kind ``WorkspaceError/Kind/locked`` naming the workspace and the
    ///   holder's PID when another process (or another open in this one) holds it.
    public func lock() throws(WorkspaceError) -> WorkspaceLock {
        try WorkspaceLock(path: lockURL.path, workspaceName: displayPath)
    }
}
