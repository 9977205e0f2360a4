#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system's real-time clock, in the project's time unit: Int64 nanoseconds since the Unix epoch, UTC.
public enum WallClock {
    /// The current time in nanoseconds since the Unix epoch.
    @Sendable
    public static func nowNanos() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
