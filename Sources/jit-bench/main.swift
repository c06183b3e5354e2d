import Foundation
import JitSystem
import JitTestSupport

// jit-bench: generates repositories of 1,000, 10,000 and 100,000 issues and times the real `jit`
// binary on them (see BENCHMARKS.md and scripts/bench).
//
//   jit-bench --jit PATH [--quick] [--runs N] [--out DIR] [--sizes 1000,10000] [--no-race]
//             [--only core,views,index] [--postgres URL]
//   (--postgres: the same budgets against a PostgreSQL store on that server, JIT_PG naming jit-pg)
//   jit-bench --generate DIR COUNT [--ready-pool]   only writes a repository (for profiling by hand)

var options = BenchOptions()
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
  let argument = arguments.removeFirst()
  switch argument {
  case "--jit": options.jit = arguments.isEmpty ? "" : arguments.removeFirst()
  case "--quick": options.sizes = [1_000, 10_000]
  case "--runs": options.runs = Int(arguments.isEmpty ? "" : arguments.removeFirst()) ?? options.runs
  case "--out": options.out = arguments.isEmpty ? options.out : arguments.removeFirst()
  case "--sizes":
    options.sizes = (arguments.isEmpty ? "" : arguments.removeFirst()).split(separator: ",").compactMap {
      Int($0)
    }
  case "--no-race": options.race = false
  case "--postgres": options.postgres = arguments.isEmpty ? nil : arguments.removeFirst()
  case "--only":
    options.groups = Set(
      (arguments.isEmpty ? "" : arguments.removeFirst()).split(separator: ",").map(String.init))
  case "--generate":
    let directory = arguments.isEmpty ? "" : arguments.removeFirst()
    let count = Int(arguments.isEmpty ? "" : arguments.removeFirst()) ?? -1
    guard !directory.isEmpty, count >= 0 else {
      FileHandle.standardError.write(Data("jit-bench: --generate DIR COUNT [--ready-pool]\n".utf8))
      exit(2)
    }
    let readyPool = arguments.first == "--ready-pool"
    do {
      let summary = try SyntheticRepository.generate(at: directory, count: count, readyPool: readyPool)
      print("generated \(summary.ids.count) issues in \(directory)")
      exit(0)
    } catch {
      FileHandle.standardError.write(Data("jit-bench: \(error)\n".utf8))
      exit(1)
    }
  default:
    FileHandle.standardError.write(Data("jit-bench: unknown argument \(argument)\n".utf8))
    exit(2)
  }
}
guard options.jit.hasPrefix("/") else {
  FileHandle.standardError.write(Data("jit-bench: pass --jit with the absolute path of a release jit\n".utf8))
  exit(2)
}
guard FileManager.default.isExecutableFile(atPath: Spawn.measurer) else {
  FileHandle.standardError.write(
    Data("jit-bench: build jit-measure first (scripts/bench does): no \(Spawn.measurer)\n".utf8))
  exit(2)
}
do {
  try Benchmark(options: options).runAll()
} catch {
  FileHandle.standardError.write(Data("jit-bench: \(error)\n".utf8))
  exit(1)
}
