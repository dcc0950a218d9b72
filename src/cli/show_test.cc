#include "cli/show.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <map>
#include <sstream>

namespace bramble::cli {
namespace {

constexpr int64_t kNow = 1795273381;  // 2026-11-21T15:03:01 UTC

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class ShowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
  }

  static proto::JobRecord Running() {
    proto::JobRecord job;
    job.set_job_id(12);
    job.set_uid(1001);
    job.set_gid(100);
    job.set_user("alice");
    job.set_group("users");
    job.set_state(proto::RUNNING);
    job.set_priority(4294901760u);
    job.set_submit_time(kNow - 100);
    job.set_start_time(kNow - 65);
    job.set_time_limit_s(3600);
    job.add_nodes("pi1");
    job.add_nodes("pi2");
    job.add_cpus_per_node(2);
    job.add_cpus_per_node(2);
    job.add_tasks_per_node(1);
    job.add_tasks_per_node(1);
    job.set_batch_host("pi1");
    proto::JobSpec* spec = job.mutable_spec();
    spec->set_name("test.sh");
    spec->set_partition("debug");
    spec->set_work_dir("/home/alice");
    spec->set_submit_host("login");
    spec->set_requeue(true);
    return job;
  }

  static proto::NodesReply Cluster() {
    proto::NodesReply c;
    for (const char* name : {"pi2", "pi1", "pi3"}) {
      proto::NodeInfo* n = c.add_nodes();
      n->set_name(name);
      n->set_state("IDLE");
      n->set_cpus(4);
      n->set_real_memory_mb(1024);
    }
    proto::PartitionInfo* p = c.add_partitions();
    p->set_name("debug");
    p->add_nodes("pi1");
    p->add_nodes("pi2");
    p->set_is_default(true);
    p->set_max_time_s(-1);
    p->set_default_time_s(-1);
    p->set_state("UP");
    return c;
  }
};

TEST_F(ShowTest, NodeLayout) {
  proto::NodeInfo node;
  node.set_name("pi1");
  node.set_state("IDLE");
  node.set_drain(true);
  node.set_cpus(4);
  node.set_alloc_cpus(0);
  node.set_real_memory_mb(3800);
  node.set_addr("10.0.0.1");
  node.set_hostname("pi1.lan");
  node.set_port(6818);
  node.set_version("0.1.0");
  node.add_partitions("debug");
  node.add_partitions("long");
  node.set_boot_time(kNow - 3600);
  node.set_reason("bad fan");
  node.set_reason_user("root");
  node.set_reason_time(kNow);
  std::string text = ShowNode(node, kNow);
  std::vector<std::string> lines = Lines(text);
  ASSERT_GE(lines.size(), 10u);
  EXPECT_EQ(lines[0], "NodeName=pi1 CoresPerSocket=1");
  EXPECT_EQ(lines[1], "   CPUAlloc=0 CPUEfctv=4 CPUTot=4 CPULoad=N/A");
  EXPECT_NE(text.find("\n   NodeAddr=10.0.0.1 NodeHostName=pi1.lan Port=6818 Version=0.1.0\n"), std::string::npos);
  EXPECT_NE(text.find("\n   RealMemory=3800 AllocMem=0 FreeMem=N/A Sockets=4 Boards=1\n"), std::string::npos);
  EXPECT_NE(text.find("\n   State=IDLE+DRAIN ThreadsPerCore=1 "), std::string::npos);
  EXPECT_NE(text.find("\n   Partitions=debug,long\n"), std::string::npos);
  EXPECT_NE(text.find("\n   BootTime=2026-11-21T14:03:01 "), std::string::npos);
  EXPECT_EQ(lines.back(), "");
  EXPECT_EQ(lines[lines.size() - 2], "   Reason=bad fan [root@2026-11-21T15:03:01]");

  node.set_drain(false);
  node.set_state("DOWN");
  node.set_not_responding(true);
  node.clear_reason();
  text = ShowNode(node, kNow);
  EXPECT_NE(text.find("\n   State=DOWN+NOT_RESPONDING "), std::string::npos);
  EXPECT_EQ(text.find("Reason="), std::string::npos);
}

TEST_F(ShowTest, PartitionBlockParsesLikeSnakemake) {
  proto::NodesReply cluster = Cluster();
  std::string text = ShowPartition(cluster.partitions(0), cluster);
  std::vector<std::string> lines = Lines(text);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0], "PartitionName=debug");  // exactly, as snakemake matches it
  EXPECT_EQ(lines.back(), "");
  // Every other line is whitespace-separated Key=Value tokens.
  std::map<std::string, std::string> values;
  for (size_t i = 1; i + 1 < lines.size(); ++i) {
    std::istringstream tokens(lines[i]);
    for (std::string token; tokens >> token;) {
      size_t eq = token.find('=');
      ASSERT_NE(eq, std::string::npos) << token;
      values[token.substr(0, eq)] = token.substr(eq + 1);
    }
  }
  EXPECT_EQ(values["AllowGroups"], "ALL");
  EXPECT_EQ(values["Default"], "YES");
  EXPECT_EQ(values["DefaultTime"], "NONE");
  EXPECT_EQ(values["MaxTime"], "UNLIMITED");
  EXPECT_EQ(values["Nodes"], "pi[1-2]");
  EXPECT_EQ(values["State"], "UP");
  EXPECT_EQ(values["TotalCPUs"], "8");
  EXPECT_EQ(values["TotalNodes"], "2");
  EXPECT_EQ(values["TRES"], "cpu=8,mem=2G,node=2,billing=8");
  EXPECT_EQ(lines[1], "   AllowGroups=ALL AllowAccounts=ALL AllowQos=ALL");
  EXPECT_EQ(lines[2], "   AllocNodes=ALL Default=YES QoS=N/A");
}

TEST_F(ShowTest, PartitionLimitsAndEmptyPartition) {
  proto::NodesReply cluster = Cluster();
  proto::PartitionInfo p = cluster.partitions(0);
  p.set_name("short");
  p.set_is_default(false);
  p.set_max_time_s(1800);
  p.set_default_time_s(86400 + 60);
  p.clear_nodes();
  p.set_state("DOWN");
  std::string text = ShowPartition(p, cluster);
  EXPECT_NE(text.find("AllocNodes=ALL Default=NO QoS=N/A\n"), std::string::npos);
  EXPECT_NE(text.find("   DefaultTime=1-00:01:00 DisableRootJobs=NO"), std::string::npos);
  EXPECT_NE(text.find(" MaxTime=00:30:00 "), std::string::npos);
  EXPECT_NE(text.find("   Nodes=(null)\n"), std::string::npos);
  EXPECT_NE(text.find("   State=DOWN TotalCPUs=0 TotalNodes=0 "), std::string::npos);
}

}  // namespace
}  // namespace bramble::cli
