// What every ceiling binary prints: the machine it ran on and, per measured
// point, the median of several runs with their spread. These machines vary
// 20-30% from run to run, so one run is never a number worth quoting.
//
// Output format (scripts/run.sh greps it, so keep it stable):
//   "# key: value"                          machine lines
//   "| benchmark | metric | median | min | max | unit |"   table rows
#ifndef PARLEY_BENCH_CEILINGS_CEILING_REPORT_H_
#define PARLEY_BENCH_CEILINGS_CEILING_REPORT_H_

#include <string>
#include <vector>

namespace parley::ceilings {

struct MachineInfo {
  int nproc = 0;          // CPUs this process may run on.
  std::string cpu_model;  // /proc/cpuinfo "model name", "unknown" if absent.
  std::string kernel;     // uname -r.
};

MachineInfo ReadMachineInfo();

// Prints the "# key: value" machine lines, plus `extra` lines as given.
void PrintMachineInfo(const std::vector<std::string>& extra = {});

// Median of `values` (empty -> 0). Takes a copy: callers keep run order.
double Median(std::vector<double> values);

// The p-quantile (0 <= p <= 1, nearest rank) of `values`; reorders them.
double Percentile(std::vector<double>& values, double p);

// Prints the table header once (the first call), then one row per call.
void PrintRow(const std::string& benchmark, const std::string& metric,
              const std::vector<double>& runs, const std::string& unit);

}  // namespace parley::ceilings

#endif  // PARLEY_BENCH_CEILINGS_CEILING_REPORT_H_
