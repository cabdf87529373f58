#include "ceiling_report.h"

#include <sched.h>
#include <sys/utsname.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <thread>

namespace parley::ceilings {

MachineInfo ReadMachineInfo() {
  MachineInfo info;
  cpu_set_t set;
  // The affinity mask, not hardware_concurrency(): a container or taskset may
  // give this process fewer CPUs than the host has.
  info.nproc = sched_getaffinity(0, sizeof(set), &set) == 0
                   ? CPU_COUNT(&set)
                   : static_cast<int>(std::thread::hardware_concurrency());
  info.cpu_model = "unknown";
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      size_t colon = line.find(':');
      if (colon != std::string::npos && colon + 2 <= line.size()) {
        info.cpu_model = line.substr(colon + 2);
      }
      break;
    }
  }
  utsname u;
  if (uname(&u) == 0) info.kernel = u.release;
  return info;
}

void PrintMachineInfo(const std::vector<std::string>& extra) {
  MachineInfo info = ReadMachineInfo();
  std::printf("# nproc: %d\n# cpu: %s\n# kernel: %s\n", info.nproc, info.cpu_model.c_str(),
              info.kernel.c_str());
  for (const std::string& line : extra) std::printf("# %s\n", line.c_str());
  std::fflush(stdout);
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

double Percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p * values.size()));
  size_t index = rank == 0 ? 0 : std::min(rank - 1, values.size() - 1);
  std::nth_element(values.begin(), values.begin() + index, values.end());
  return values[index];
}

void PrintRow(const std::string& benchmark, const std::string& metric,
              const std::vector<double>& runs, const std::string& unit) {
  static bool header_printed = false;
  if (!header_printed) {
    std::printf("| %-52s | %-10s | %12s | %12s | %12s | %-10s |\n", "benchmark", "metric",
                "median", "min", "max", "unit");
    header_printed = true;
  }
  double lo = runs.empty() ? 0 : *std::min_element(runs.begin(), runs.end());
  double hi = runs.empty() ? 0 : *std::max_element(runs.begin(), runs.end());
  std::printf("| %-52s | %-10s | %12.1f | %12.1f | %12.1f | %-10s |\n", benchmark.c_str(),
              metric.c_str(), Median(runs), lo, hi, unit.c_str());
  std::fflush(stdout);
}

}  // namespace parley::ceilings
