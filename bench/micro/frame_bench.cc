// Google Benchmark: the wire cost of the two messages the client commands
// send and receive most: a submit request (sbatch: envelope with credential,
// a job spec with script and ~40 environment variables) and the reply to
// squeue with 500 jobs (records without script and environment, as the
// controller sends them). Encode is Serialize + SealEnvelope + EncodeFrame,
// decode is DecodeFrameLength + OpenEnvelope + Parse, as net/rpc_client.cc
// and net/rpc_server.cc do them. Not a test: run bench/micro.sh.
#include <benchmark/benchmark.h>

#include "bench/micro/bench_jobs.h"
#include "net/frame.h"

namespace bramble::net {
namespace {

proto::Credential TypicalCredential() {
  proto::Credential credential;
  credential.set_uid(1000);
  credential.set_gid(1000);
  credential.set_issued_at_ms(1'800'000'000'000);
  credential.set_nonce(std::string(16, '\x5a'));
  credential.set_payload_sha256(std::string(32, '\x11'));
  credential.set_mac(std::string(32, '\x22'));
  return credential;
}

proto::Request SubmitRequest() {
  proto::Request request;
  *request.mutable_submit_job()->mutable_spec() = bench::TypicalSpec(1);
  request.mutable_submit_job()->set_request_id(std::string(32, 'f'));
  return request;
}

proto::Response JobsReply(int jobs) {
  proto::Response response;
  proto::JobsReply* reply = response.mutable_jobs();
  reply->set_now(1'800'000'000);
  for (int i = 1; i <= jobs; ++i) {
    proto::JobRecord* job = reply->add_jobs();
    *job = bench::TypicalRecord(static_cast<uint32_t>(i));
    job->mutable_spec()->clear_script();
    job->mutable_spec()->clear_environment();
  }
  return response;
}

std::string Encode(const std::string& body, const proto::Credential* credential) {
  return EncodeFrame(SealEnvelope(body, credential));
}

void BM_EncodeSubmitRequest(benchmark::State& state) {
  proto::Request request = SubmitRequest();
  proto::Credential credential = TypicalCredential();
  size_t bytes = 0;
  for (auto _ : state) {
    std::string frame = Encode(SerializeRequest(request), &credential);
    bytes = frame.size();
    benchmark::DoNotOptimize(frame);
  }
  state.counters["frame_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_EncodeSubmitRequest);

void BM_DecodeSubmitRequest(benchmark::State& state) {
  proto::Credential credential = TypicalCredential();
  std::string frame = Encode(SerializeRequest(SubmitRequest()), &credential);
  for (auto _ : state) {
    auto length = DecodeFrameLength(reinterpret_cast<const unsigned char*>(frame.data()));
    auto envelope = OpenEnvelope(std::string_view(frame).substr(kFrameHeaderBytes, *length));
    auto request = ParseRequest(envelope->body());
    benchmark::DoNotOptimize(request);
  }
}
BENCHMARK(BM_DecodeSubmitRequest);

void BM_EncodeJobsReply(benchmark::State& state) {
  proto::Response response = JobsReply(static_cast<int>(state.range(0)));
  size_t bytes = 0;
  for (auto _ : state) {
    std::string frame = Encode(response.SerializeAsString(), nullptr);
    bytes = frame.size();
    benchmark::DoNotOptimize(frame);
  }
  state.counters["frame_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_EncodeJobsReply)->Arg(500);

void BM_DecodeJobsReply(benchmark::State& state) {
  std::string frame = Encode(JobsReply(static_cast<int>(state.range(0))).SerializeAsString(), nullptr);
  for (auto _ : state) {
    auto length = DecodeFrameLength(reinterpret_cast<const unsigned char*>(frame.data()));
    auto envelope = OpenEnvelope(std::string_view(frame).substr(kFrameHeaderBytes, *length));
    auto response = ParseResponse(envelope->body());
    benchmark::DoNotOptimize(response);
  }
}
BENCHMARK(BM_DecodeJobsReply)->Arg(500);

}  // namespace
}  // namespace bramble::net

BENCHMARK_MAIN();
