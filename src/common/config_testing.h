// Helpers shared by the configuration tests (config_test.cc and its
// siblings): parse text that must parse or must fail, and a scratch
// directory for LoadConfig.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.h"

namespace bramble::config_testing {

using Names = std::vector<std::string>;

// The configuration of text that must parse ("slurm.conf" in messages).
inline Config Parse(std::string_view text) {
  Result<Config> config = ParseConfig(text, "slurm.conf");
  EXPECT_TRUE(config.has_value()) << config.status().message();
  return config ? *config : Config();
}

// The error message for text that must not parse.
inline std::string ParseError(std::string_view text) {
  Result<Config> config = ParseConfig(text, "slurm.conf");
  EXPECT_FALSE(config.has_value()) << text;
  if (config) return "";
  EXPECT_EQ(config.error().code(), Code::kInvalidArgument);
  return config.error().message();
}

// A fresh directory under /tmp, removed with its files when the test ends
// (so that no stray /tmp/gres.conf is read by LoadConfig).
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/bramble_config_testXXXXXX";
    if (mkdtemp(pattern) != nullptr) path_ = pattern;
    EXPECT_FALSE(path_.empty()) << "mkdtemp failed";
  }
  ~TempDir() {
    std::error_code error;
    if (!path_.empty()) std::filesystem::remove_all(path_, error);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `text` to <dir>/<name> and returns that path.
  std::string Write(const std::string& name, const std::string& text) const {
    std::string file = path_ + "/" + name;
    std::ofstream(file) << text;
    return file;
  }

 private:
  std::string path_;
};

}  // namespace bramble::config_testing
