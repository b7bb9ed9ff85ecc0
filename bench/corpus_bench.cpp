// Throughput of `iamsmith lint` over a directory of policies, against the parse-only floor
// measured in the same run. Every measurement is a whole process (started, waited for, its
// resource usage read with wait4), so the floor pays process start-up as lint does.
//
// usage: iamsmith_corpus_bench IAMSMITH_BINARY CORPUS_DIR [REPETITIONS] [WORK_DIR]
//        iamsmith_corpus_bench --floor DIR_OR_FILE...   (the floor itself, run as a child)
//
// For the corpus, and for 10x and 100x copies of it (hard links under WORK_DIR, a temporary
// directory by default), and for two single policies near the 1 MiB size limit (minified and
// pretty-printed, generated here): the floor, `lint -j 1` and `lint -j N` (N: the cores), each
// REPETITIONS times (default 5), with the median wall and CPU time, files/s, MB/s, the ratio to
// the floor and the peak RSS. Then one small file end to end and `--version`.

#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// ---- the floor: read each file, parse it into a RapidJSON DOM, nothing else ---------------

std::size_t floor_one(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  struct ::stat st {};
  std::string bytes;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    bytes.resize(static_cast<std::size_t>(st.st_size));
    const ::ssize_t got = ::read(fd, bytes.data(), bytes.size());
    bytes.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  }
  ::close(fd);
  rapidjson::Document doc;
  doc.Parse(bytes.data(), bytes.size());
  return doc.HasParseError() ? 0 : 1;
}

void floor_walk(const std::string& path, std::size_t& parsed) {
  struct ::stat st {};
  if (::stat(path.c_str(), &st) != 0) return;
  if (!S_ISDIR(st.st_mode)) {
    parsed += floor_one(path);
    return;
  }
  std::vector<std::string> names;
  if (DIR* dir = ::opendir(path.c_str())) {
    while (const dirent* e = ::readdir(dir)) {
      if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) names.emplace_back(e->d_name);
    }
    ::closedir(dir);
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) floor_walk(path + "/" + name, parsed);
}

int run_floor(int argc, char** argv) {
  std::size_t parsed = 0;
  for (int i = 2; i < argc; ++i) floor_walk(argv[i], parsed);
  std::printf("%zu\n", parsed);
  return 0;
}

// ---- running a child process --------------------------------------------------------------

struct Run {
  double wall_ms = 0;
  double cpu_ms = 0;  // user + system
  long peak_kb = 0;
  int status = 0;
};

Run run_child(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  Run run;
  const auto start = Clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
    std::cerr << "cannot start " << args[0] << "\n";
    std::exit(2);
  }
  struct ::rusage usage {};
  ::wait4(pid, &run.status, 0, &usage);
  run.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  const auto ms = [](const ::timeval& t) {
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
  };
  run.cpu_ms = ms(usage.ru_utime) + ms(usage.ru_stime);
  run.peak_kb = usage.ru_maxrss;
  posix_spawn_file_actions_destroy(&actions);
  return run;
}

struct Summary {
  double wall_ms;
  double cpu_ms;
  long peak_kb;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

Summary measure(const std::vector<std::string>& args, int repetitions) {
  std::vector<double> wall;
  std::vector<double> cpu;
  long peak = 0;
  for (int i = 0; i < repetitions; ++i) {
    const Run r = run_child(args);
    wall.push_back(r.wall_ms);
    cpu.push_back(r.cpu_ms);
    peak = std::max(peak, r.peak_kb);
  }
  return {median(wall), median(cpu), peak};
}

// ---- inputs -------------------------------------------------------------------------------

struct Input {
  std::string label;
  std::string path;
  std::size_t files = 0;
  std::uintmax_t bytes = 0;
};

Input describe(std::string label, const std::string& path) {
  Input in{std::move(label), path, 0, 0};
  if (fs::is_regular_file(path)) {
    in.files = 1;
    in.bytes = fs::file_size(path);
    return in;
  }
  for (const auto& e : fs::recursive_directory_iterator(path)) {
    if (e.is_regular_file() && e.path().extension() == ".json") {
      ++in.files;
      in.bytes += e.file_size();
    }
  }
  return in;
}

// `copies` copies of the corpus's files, as hard links (a copy where linking fails).
std::string replicate(const std::string& corpus, const fs::path& work, int copies) {
  const fs::path root = work / ("corpus-x" + std::to_string(copies));
  if (fs::exists(root / ".complete")) return root.string();
  fs::remove_all(root);
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(corpus)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  for (int k = 0; k < copies; ++k) {
    const fs::path dir = root / ("copy" + std::to_string(k));
    for (const fs::path& f : files) {
      const fs::path target = dir / fs::relative(f, corpus);
      fs::create_directories(target.parent_path());
      std::error_code ec;
      fs::create_hard_link(f, target, ec);
      if (ec) fs::copy_file(f, target);
    }
  }
  std::ofstream(root / ".complete") << "done\n";
  return root.string();
}

// One identity policy of many statements, just under `limit` bytes.
std::string large_policy(std::size_t limit, bool pretty) {
  const std::string nl = pretty ? "\n" : "";
  const auto ind = [pretty](int n) { return pretty ? std::string(static_cast<std::size_t>(n) * 2, ' ') : ""; };
  const std::string sp = pretty ? " " : "";
  const std::string head = "{" + nl + ind(1) + "\"Version\":" + sp + "\"2012-10-17\"," + nl + ind(1) + "\"Statement\":" + sp + "[";
  const std::string tail = nl + ind(1) + "]" + nl + "}" + nl;
  std::string out = head;
  for (std::size_t i = 0;; ++i) {
    const std::string n = std::to_string(i);
    std::string st = (i > 0 ? "," : "") + nl + ind(2) + "{" + nl + ind(3) + "\"Sid\":" + sp + "\"S" + n + "\"," + nl +
                     ind(3) + "\"Effect\":" + sp + "\"Allow\"," + nl + ind(3) + "\"Action\":" + sp + "[\"s3:GetObject\"," +
                     sp + "\"s3:PutObject\"," + sp + "\"ec2:Describe*\"]," + nl + ind(3) + "\"Resource\":" + sp +
                     "[\"arn:aws:s3:::bucket-" + n + "/*\"," + sp + "\"arn:aws:s3:us-east-1:111122223333:bucket-" + n +
                     "\"]" + nl + ind(2) + "}";
    if (out.size() + st.size() + tail.size() > limit) break;
    out += st;
  }
  return out + tail;
}

std::string write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

void print_row(const std::string& what, const Input& in, const Summary& s, double floor_cpu) {
  const double mb = static_cast<double>(in.bytes) / 1e6;
  std::printf("  %-18s wall %9.1f ms  cpu %9.1f ms  %9.0f files/s  %7.1f MB/s  cpu/floor %5.2f  peak %7.1f MB\n",
              what.c_str(), s.wall_ms, s.cpu_ms, static_cast<double>(in.files) / (s.wall_ms / 1e3), mb / (s.wall_ms / 1e3),
              floor_cpu > 0 ? s.cpu_ms / floor_cpu : 0.0, static_cast<double>(s.peak_kb) / 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "--floor") return run_floor(argc, argv);
  if (argc < 3) {
    std::cerr << "usage: iamsmith_corpus_bench IAMSMITH_BINARY CORPUS_DIR [REPETITIONS] [WORK_DIR]\n";
    return 2;
  }
  const std::string binary = fs::absolute(argv[1]).string();
  const std::string corpus = argv[2];
  const int repetitions = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
  const fs::path work = argc > 4 ? fs::path(argv[4]) : fs::temp_directory_path() / "iamsmith-bench";
  fs::create_directories(work);
  const std::string self = fs::canonical("/proc/self/exe").string();
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each line as it is measured

  std::vector<Input> inputs;
  inputs.push_back(describe("corpus x1", corpus));
  // IAMSMITH_BENCH_QUICK=1: the corpus alone (then the small file and --version), for a quick
  // before/after comparison on a busy machine.
  const char* quick = std::getenv("IAMSMITH_BENCH_QUICK");
  if (quick == nullptr || std::string(quick) != "1") {
    inputs.push_back(describe("corpus x10", replicate(corpus, work, 10)));
    inputs.push_back(describe("corpus x100", replicate(corpus, work, 100)));
    constexpr std::size_t kLimit = 1024 * 1024;  // the default --max-file-size
    inputs.push_back(describe("1 MiB minified", write_file(work / "large-minified.json", large_policy(kLimit - 64, false))));
    inputs.push_back(describe("1 MiB pretty", write_file(work / "large-pretty.json", large_policy(kLimit - 64, true))));
  }

  std::printf("iamsmith %s, %u cores, %d runs each, median wall and CPU (user+sys), peak RSS of the process\n",
              binary.c_str(), cores, repetitions);
  for (const Input& in : inputs) {
    std::printf("%s: %zu files, %.1f MB\n", in.label.c_str(), in.files, static_cast<double>(in.bytes) / 1e6);
    const int reps = in.files > 100000 ? std::max(1, repetitions / 3) : repetitions;
    const Summary floor = measure({self, "--floor", in.path}, reps);
    print_row("parse-only floor", in, floor, floor.cpu_ms);
    const Summary j1 = measure({binary, "lint", "--no-config", "--format", "json", "-j", "1", in.path}, reps);
    print_row("lint -j 1", in, j1, floor.cpu_ms);
    const std::string n = std::to_string(cores);
    const Summary jn = measure({binary, "lint", "--no-config", "--format", "json", "-j", n, in.path}, reps);
    print_row("lint -j " + n, in, jn, floor.cpu_ms);
    std::printf("  -j 1 / -j %s wall: %.2fx; lint -j 1 wall / floor wall: %.2fx\n", n.c_str(), j1.wall_ms / jn.wall_ms,
                j1.wall_ms / floor.wall_ms);
  }
  const std::string small = (fs::path(IAMSMITH_SOURCE_DIR) / "bench/data/small-policy.json").string();
  const Summary one = measure({binary, "lint", "--no-config", small}, repetitions * 10);
  std::printf("one small file end to end: wall %.2f ms, cpu %.2f ms, peak %.1f MB\n", one.wall_ms, one.cpu_ms,
              static_cast<double>(one.peak_kb) / 1024.0);
  const Summary version = measure({binary, "--version"}, repetitions * 10);
  std::printf("--version: wall %.2f ms, cpu %.2f ms, peak %.1f MB\n", version.wall_ms, version.cpu_ms,
              static_cast<double>(version.peak_kb) / 1024.0);
  return 0;
}
