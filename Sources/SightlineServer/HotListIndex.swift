import SightlineCore
import SightlineStore
import Synchronization

/// The matcher over every stored hot list, rebuilt when a list changes. Changes made through
/// this process reload it at once; changes another process makes (the CLI beside a running
/// server) are noticed within a second.
final class HotListIndex: Sendable {
    private struct State {
        var matcher = HotListMatcher([ListedEntry]())
        var version = ""
        var checked = Timestamp(milliseconds: 0)
    }

    private let catalog: Catalog
    private let state = Mutex(State())
    /// How often the catalog is asked whether another process changed a list.
    private let recheck: Int64 = 1_000

    init(catalog: Catalog) { self.catalog = catalog }

    /// The current matcher.
    func matcher(at now: Timestamp = .now) throws -> HotListMatcher {
        let due = state.withLock { now.milliseconds - $0.checked.milliseconds >= recheck }
        if due {
            let version = try catalog.hotListVersion()
            let stale = state.withLock { state in
                state.checked = now
                return state.version != version
            }
            if stale { try reload() }
        }
        return state.withLock { $0.matcher }
    }

    /// Rebuilds the matcher from the catalog.
    func reload() throws {
        let version = try catalog.hotListVersion()
        let matcher = HotListMatcher(try catalog.hotListEntries())
        state.withLock { state in
            state.matcher = matcher
            state.version = version
            state.checked = .now
        }
    }
}
