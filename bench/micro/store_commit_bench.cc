// Google Benchmark: what commit batching buys. N submissions stored as N
// one-job transactions (one commit per request) against one transaction of N
// jobs (the controller's one commit per loop turn, store.h), in a fresh
// SQLite store in a temporary directory on the disk that holds $TMPDIR
// (default /tmp; on tmpfs fsync is free, so run it on a real disk to see the
// difference). Second argument: 0 = the default WAL + synchronous=NORMAL,
// 1 = synchronous=FULL (an fsync per commit). Not a test: run bench/micro.sh.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "bench/micro/bench_jobs.h"
#include "store/store.h"

namespace bramble::store {
namespace {

class TempStore {
 public:
  explicit TempStore(bool synchronous_full) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "bramble-bench-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) dir_ = tmpl;
    auto opened = OpenSqliteStore(dir_ + "/state.db", synchronous_full);
    if (opened) store_ = std::move(*opened);
  }
  ~TempStore() {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  TempStore(const TempStore&) = delete;
  TempStore& operator=(const TempStore&) = delete;
  Store* get() { return store_.get(); }

 private:
  std::string dir_;
  std::unique_ptr<Store> store_;
};

// N commits of one job each.
void BM_CommitOneJobEach(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  TempStore store(state.range(1) != 0);
  if (store.get() == nullptr) return state.SkipWithError("cannot open a store");
  uint32_t next_id = 1;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<StoreBatch> batches;
    for (int i = 0; i < n; ++i, ++next_id) {
      batches.push_back({.upsert_jobs = {bench::TypicalRecord(next_id)}, .next_job_id = next_id + 1});
    }
    state.ResumeTiming();
    for (const StoreBatch& batch : batches) {
      if (!store.get()->Commit(batch).ok()) return state.SkipWithError("commit failed");
    }
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_CommitOneJobEach)->Args({100, 0})->Args({100, 1})->Unit(benchmark::kMillisecond);

// One commit of N jobs.
void BM_CommitBatch(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  TempStore store(state.range(1) != 0);
  if (store.get() == nullptr) return state.SkipWithError("cannot open a store");
  uint32_t next_id = 1;
  for (auto _ : state) {
    state.PauseTiming();
    StoreBatch batch;
    for (int i = 0; i < n; ++i) batch.upsert_jobs.push_back(bench::TypicalRecord(next_id++));
    batch.next_job_id = next_id;
    state.ResumeTiming();
    if (!store.get()->Commit(batch).ok()) return state.SkipWithError("commit failed");
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_CommitBatch)->Args({100, 0})->Args({100, 1})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace bramble::store

BENCHMARK_MAIN();
