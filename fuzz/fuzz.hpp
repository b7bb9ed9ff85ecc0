#pragma once
// One fuzz target is one function of the input bytes, written once for two builds:
// - the libFuzzer build (preset "fuzz", IAMSMITH_LIBFUZZER defined): LLVMFuzzerTestOneInput;
// - every other build: an entry in the replay runner (replay.cpp), which runs the target over
//   saved inputs (fuzz/regressions/<target>/ and the seeds under tests/) as CTest tests, so that
//   an input that once crashed stays a regression test under GCC, ASan+UBSan and valgrind too.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace iamsmith::fuzz {

using Target = int (*)(const std::uint8_t* data, std::size_t size);

// Adds a target to the replay runner's table (a static object in each target's file).
struct Registration {
  Registration(const char* name, Target target);
};

[[nodiscard]] inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::string_view() : std::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace iamsmith::fuzz

#if defined(IAMSMITH_LIBFUZZER)
#define IAMSMITH_FUZZ_TARGET(name) \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)  // NOLINT
#else
#define IAMSMITH_FUZZ_TARGET(name)                                                            \
  static int fuzz_##name(const std::uint8_t* data, std::size_t size);                         \
  static const iamsmith::fuzz::Registration registration_##name{#name, fuzz_##name};          \
  static int fuzz_##name(const std::uint8_t* data, std::size_t size)
#endif
