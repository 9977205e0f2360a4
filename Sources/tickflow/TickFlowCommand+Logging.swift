import Foundation
import Serving

extension TickFlowCommand {
    /// Bootstraps swift-log from the environment (``LogFormat``), saying so on standard error when a setting was
    /// not understood.
    static func bootstrapLogging() {
        if let warning = LogFormat.bootstrap(environment: ProcessInfo.processInfo.environment) {
            FileHandle.standardError.write(Data("tickflow: \(warning)\n".utf8))
        }
    }
}
