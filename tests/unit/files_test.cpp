// util/files: reading a whole file within a limit, and writing one atomically.
#include "util/files.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <string>

using namespace ferry::util;

TEST_CASE("read_file returns the whole file, bytes as they are", "[files]") {
  ferry_test::TempDir dir;
  std::string bytes = "line one\nline two\n";
  bytes += std::string(1, '\0');
  bytes += std::string(200 * 1024, 'x');  // more than one read's buffer
  ferry_test::write_file(dir.file("body.bin"), bytes);
  auto read = read_file(dir.file("body.bin"));
  REQUIRE(read.has_value());
  CHECK(read->size() == bytes.size());
  CHECK(*read == bytes);
}

TEST_CASE("read_file names the file and the reason it cannot be read", "[files]") {
  ferry_test::TempDir dir;
  auto missing = read_file(dir.file("nowhere.json"));
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error() == "cannot read " + dir.file("nowhere.json") + ": No such file or directory");

  auto directory = read_file(dir.path());
  REQUIRE_FALSE(directory.has_value());
  CHECK(directory.error().find("Is a directory") != std::string::npos);
}

TEST_CASE("read_file stops at its limit: an endless file costs no more than the limit", "[files]") {
  ferry_test::TempDir dir;
  ferry_test::write_file(dir.file("big"), std::string(1000, 'a'));
  auto over = read_file(dir.file("big"), 999);
  REQUIRE_FALSE(over.has_value());
  CHECK(over.error() == dir.file("big") + " is larger than the limit of 999 bytes");
  auto exact = read_file(dir.file("big"), 1000);
  REQUIRE(exact.has_value());
  CHECK(exact->size() == 1000);

  auto endless = read_file("/dev/zero", 128 * 1024);
  REQUIRE_FALSE(endless.has_value());
  CHECK(endless.error() == "/dev/zero is larger than the limit of 131072 bytes");
}

TEST_CASE("write_file_atomically replaces the file whole and leaves no temporary behind", "[files]") {
  ferry_test::TempDir dir;
  auto path = dir.file("sub/results.json");
  REQUIRE(write_file_atomically(path, "first") == "");
  REQUIRE(write_file_atomically(path, "second, longer") == "");
  CHECK(ferry_test::read_file(path) == "second, longer");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.file("sub"))) {
    ++entries;
  }
  CHECK(entries == 1);
}

TEST_CASE("write_file_atomically says why it cannot write, and leaves what was there", "[files]") {
  ferry_test::TempDir dir;
  // Under a regular file: no directory can be made there (refused to root as well).
  ferry_test::write_file(dir.file("plain"), "a file");
  auto under_file = write_file_atomically(dir.file("plain/out.json"), "lost");
  CHECK(under_file == "cannot write " + dir.file("plain/out.json") + ".tmp-" + std::to_string(getpid()) +
                          ": Not a directory");
  CHECK(ferry_test::read_file(dir.file("plain")) == "a file");

  // Over a directory that is not empty: the rename is refused; the directory and its
  // contents stay, and the temporary file is gone.
  std::filesystem::create_directories(dir.file("taken"));
  ferry_test::write_file(dir.file("taken/inside"), "kept");
  auto over_directory = write_file_atomically(dir.file("taken"), "lost");
  CHECK(over_directory.rfind("cannot write " + dir.file("taken") + ": ", 0) == 0);
  CHECK(over_directory.find("Success") == std::string::npos);
  CHECK(ferry_test::read_file(dir.file("taken/inside")) == "kept");
  CHECK_FALSE(std::filesystem::exists(dir.file("taken") + ".tmp-" + std::to_string(getpid())));
}
