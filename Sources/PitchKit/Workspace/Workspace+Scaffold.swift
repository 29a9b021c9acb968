import Foundation

extension Workspace {
    /// Creates a workspace in `path` (the folder is created when needed): a commented `pitchlab.yaml`,
    /// `Templates/` with one good pitch, and a sample `recipients.csv`.
    ///
    /// - Throws: ``WorkspaceError`` of kind ``WorkspaceError/Kind/alreadyExists`` when any of those files
    ///   (or `pitchlab.sqlite`) is already there: nothing is overwritten.
    @discardableResult
    public static func create(at path: String) throws(WorkspaceError) -> Workspace {
        let workspace = Workspace(path: path)
        let manager = FileManager.default
        for url in [workspace.configURL, workspace.databaseURL, workspace.templatesURL, workspace.recipientsURL]
        where manager.fileExists(atPath: url.path) {
            throw WorkspaceError(
                .alreadyExists,
                "\(path) already has \(url.lastPathComponent), so it is (or was) a workspace; nothing was changed. Use another folder, or remove it by hand first.")
        }
        let files: [(URL, String)] = [
            (workspace.templatesURL.appendingPathComponent(WorkspaceScaffold.templateFileName), WorkspaceScaffold.template),
            (workspace.recipientsURL, WorkspaceScaffold.recipients),
            (workspace.configURL, CampaignConfig.example),
        ]
        do {
            try manager.createDirectory(at: workspace.templatesURL, withIntermediateDirectories: true)
            for (url, text) in files {
                try Data(text.utf8).write(to: url, options: .withoutOverwriting)
            }
        } catch {
            throw WorkspaceError(
                .cannotCreate,
                "the workspace \(path) could not be created (\(error.localizedDescription)); check that the folder is writable.")
        }
        return workspace
    }
}

extension Workspace {
    /// The file name of the pitch `pitchlab init` writes into `Templates/`.
    public static var scaffoldTemplateFileName: String { WorkspaceScaffold.templateFileName }
}
