import JitSystem

/// Runs blocking work (a lock wait up to its timeout, a checker up to its own) for async callers on a
/// thread of its own, never on Swift's cooperative pool, whose few threads must not wait in the
/// kernel: 64 tasks waiting for one lock would otherwise stop every other task of the process.
public enum BlockingWork {
  /// Runs `body` on a new thread and resumes the caller with its result.
  public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
      let job = Job {
        do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
      }
      let context = Unmanaged.passRetained(job)
      var thread = pthread_t()
      if pthread_create(&thread, nil, runJob, context.toOpaque()) == 0 {
        pthread_detach(thread)
      } else {
        // No thread to spare: run it here rather than fail.
        context.release()
        job.body()
      }
    }
  }

  final class Job: Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }
}

private func runJob(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
  guard let context else { return nil }
  Unmanaged<BlockingWork.Job>.fromOpaque(context).takeRetainedValue().body()
  return nil
}

extension Store {
  /// `read` for async callers: the session runs on a thread of its own (see `BlockingWork`).
  public func read<T: Sendable>(_ body: @escaping @Sendable (any ReadSession) throws -> T) async throws -> T {
    try await BlockingWork.run { try self.read(body) }
  }

  /// `write` for async callers: the session runs on a thread of its own (see `BlockingWork`).
  public func write<T: Sendable>(_ body: @escaping @Sendable (any WriteSession) throws -> T) async throws -> T
  {
    try await BlockingWork.run { try self.write(body) }
  }
}
