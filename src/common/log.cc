// Logging set-up; see log.h.
#include "common/log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace bramble {

void InitLogging(const std::string& name, const std::string& file, const std::string& level) {
  std::shared_ptr<spdlog::logger> logger;
  if (file.empty()) {
    logger = spdlog::stderr_logger_mt(name);
  } else {
    logger = spdlog::basic_logger_mt(name, file);
  }
  logger->set_pattern("[%Y-%m-%dT%H:%M:%S.%e] [%n] [%l] %v");
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::info);  // lines must be visible when a test dumps the log
  spdlog::set_default_logger(logger);
}

}  // namespace bramble
