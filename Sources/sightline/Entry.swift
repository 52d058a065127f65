import ArgumentParser

@main
struct SightlineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sightline",
        abstract: "A licence plate reader data platform that agencies can trust and the public can check.",
        subcommands: [
            Serve.self, Demo.self, DemoCode.self, Init.self, BackupCommand.self, RestoreCommand.self, Login.self,
            AgencyCommand.self, UserCommand.self,
            CameraCommand.self,
            GrantCommand.self, Declare.self, CoSignCommand.self, PolicyCommand.self, AuditCommand.self,
            ReportCommand.self, HotListCommand.self, AlertsCommand.self,
            Import.self,
            Search.self, AnalyticsCommand.self, RetentionCommand.self, HoldCommand.self,
            Bench.self,
        ])
}
