// The built-in service data snapshot, rules/iam-data.tsv, included byte for byte by the
// assembler (.incbin): a 1.5 MB file as a C array literal would cost far more compile time.
// IAMSMITH_IAM_DATA_FILE is the file's absolute path (CMakeLists.txt); the object is rebuilt
// when the file changes (OBJECT_DEPENDS). ELF targets (Linux) only.

#include <string_view>

asm(".section .rodata\n"
    ".balign 16\n"
    ".global iamsmith_iam_data_begin\n"
    "iamsmith_iam_data_begin:\n"
    ".incbin \"" IAMSMITH_IAM_DATA_FILE "\"\n"
    ".global iamsmith_iam_data_end\n"
    "iamsmith_iam_data_end:\n"
    ".byte 0\n"
    ".previous\n");

extern "C" {
extern const char iamsmith_iam_data_begin[];
extern const char iamsmith_iam_data_end[];
}

namespace iamsmith::iamdata {

std::string_view embedded_snapshot() {
  return {iamsmith_iam_data_begin, static_cast<std::size_t>(iamsmith_iam_data_end - iamsmith_iam_data_begin)};
}

}  // namespace iamsmith::iamdata
