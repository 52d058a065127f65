import SightlineCore

enum StoreError {
    static func corrupt(_ message: String) -> SightlineError { SightlineError(.corrupt, message) }
}
