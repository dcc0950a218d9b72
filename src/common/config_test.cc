// Tests for the slurm.conf parser.
#include "common/config.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/config_testing.h"

namespace bramble {
namespace {

using config_testing::Names;
using config_testing::Parse;
using config_testing::ParseError;
using config_testing::TempDir;

TEST(ParseConfig, UsersRaspberryPiCluster) {
  Config config = Parse(
      "ClusterName=raspi-cluster\n"
      "SlurmctldHost=pi1\n"
      "NodeName=pi[1-4] CPUs=4 State=UNKNOWN\n"
      "PartitionName=default Nodes=pi[1-4] Default=YES MaxTime=INFINITE State=UP\n");
  EXPECT_EQ(config.cluster_name, "raspi-cluster");
  EXPECT_EQ(config.controller_host, "pi1");
  EXPECT_EQ(config.controller_addr, "");
  ASSERT_EQ(config.nodes.size(), 4u);
  for (const NodeConfig& node : config.nodes) {
    EXPECT_EQ(node.cpus, 4u);
    EXPECT_EQ(node.state, "UNKNOWN");
    EXPECT_EQ(node.real_memory_mb, 1);
    EXPECT_EQ(node.port, 0u);
  }
  EXPECT_EQ(config.nodes[3].name, "pi4");
  ASSERT_EQ(config.partitions.size(), 1u);
  const PartitionConfig& partition = config.partitions[0];
  EXPECT_EQ(partition.name, "default");  // lower-case "default" here is a real partition
  EXPECT_EQ(partition.nodes, Names({"pi1", "pi2", "pi3", "pi4"}));
  EXPECT_TRUE(partition.is_default);
  EXPECT_EQ(partition.max_time_s, -1);
  EXPECT_EQ(partition.state, "UP");
  EXPECT_EQ(config.DefaultPartition(), &partition);
  EXPECT_TRUE(config.warnings.empty());
}

TEST(ParseConfig, EmptyTextGivesDefaults) {
  Config config = Parse("");
  EXPECT_EQ(config.cluster_name, "cluster");
  EXPECT_EQ(config.controller_port, 6817u);
  EXPECT_EQ(config.slurmd_port, 6818u);
  EXPECT_EQ(config.slurmd_spool_dir, "/run/bramble/d/%n");  // tmpfs: spool files churn with every step
  EXPECT_EQ(config.controller_socket, "/run/bramble/ctld.sock");
  EXPECT_EQ(Parse("ControllerSocket=\n").controller_socket, "");  // none: commands always sign
  EXPECT_TRUE(config.nodes.empty());
  EXPECT_EQ(config.DefaultPartition(), nullptr);
  EXPECT_EQ(config.FindNode("x"), nullptr);
}

TEST(ParseConfig, PurgeJobAfter) {
  EXPECT_EQ(Parse("").purge_job_after_s, 12 * 30 * 86400);
  EXPECT_EQ(Parse("PurgeJobAfter=2\n").purge_job_after_s, 2 * 30 * 86400);
  EXPECT_EQ(Parse("PurgeJobAfter=12months\n").purge_job_after_s, 12 * 30 * 86400);
  EXPECT_EQ(Parse("PurgeJobAfter=30days\n").purge_job_after_s, 30 * 86400);
  EXPECT_EQ(Parse("PurgeJobAfter=12Hours\n").purge_job_after_s, 12 * 3600);
  EXPECT_EQ(Parse("PurgeJobAfter=0\n").purge_job_after_s, 0);
  EXPECT_NE(ParseError("PurgeJobAfter=5weeks\n").find("PurgeJobAfter"), std::string::npos);
}

TEST(ParseConfig, GlobalKeys) {
  Config config = Parse(
      "ClusterName=c SlurmctldPort=7817 SlurmdPort=7818\n"
      "StateSaveLocation=/var/lib/b SlurmdSpoolDir=/var/spool/b/%n\n"
      "KillWait=5 ReturnToService=2 SlurmdTimeout=60 MinJobAge=10 MaxArraySize=5000\n"
      "DefMemPerCPU=2048 MpiDefault=pmi2 SlurmUser=slurm\n"
      "AuthKeyFile=/etc/b/key AuthSocket=/run/b.sock Operators=alice,bob\n"
      "NodeSocket=/run/b/%n.sock\n"
      "ControllerSocket=/run/b/ctld.sock\n");
  EXPECT_EQ(config.controller_port, 7817u);
  EXPECT_EQ(config.slurmd_port, 7818u);
  EXPECT_EQ(config.state_save_location, "/var/lib/b");
  EXPECT_EQ(config.slurmd_spool_dir, "/var/spool/b/%n");
  EXPECT_EQ(config.kill_wait_s, 5u);
  EXPECT_EQ(config.return_to_service, 2u);
  EXPECT_EQ(config.slurmd_timeout_s, 60u);
  EXPECT_EQ(config.min_job_age_s, 10u);
  EXPECT_EQ(config.max_array_size, 5000u);
  EXPECT_EQ(config.def_mem_per_cpu_mb, 2048);
  EXPECT_EQ(config.mpi_default, "pmi2");
  EXPECT_FALSE(config.job_hostname_is_node);
  EXPECT_EQ(config.slurm_user, "slurm");
  EXPECT_EQ(config.auth_key_file, "/etc/b/key");
  EXPECT_EQ(config.auth_socket, "/run/b.sock");
  EXPECT_EQ(config.node_socket, "/run/b/%n.sock");
  EXPECT_EQ(config.controller_socket, "/run/b/ctld.sock");
  EXPECT_EQ(config.operators, Names({"alice", "bob"}));
  EXPECT_TRUE(config.warnings.empty());
}

TEST(ParseConfig, KeysAreCaseInsensitive) {
  Config config = Parse("clustername=x SLURMCTLDPORT=1234\nnodename=n1 cpus=2\n"
                        "partitionname=p nodes=n1 DEFAULT=yes state=down\n");
  EXPECT_EQ(config.cluster_name, "x");
  EXPECT_EQ(config.controller_port, 1234u);
  ASSERT_EQ(config.nodes.size(), 1u);
  EXPECT_EQ(config.nodes[0].cpus, 2u);
  ASSERT_EQ(config.partitions.size(), 1u);
  EXPECT_TRUE(config.partitions[0].is_default);
  EXPECT_EQ(config.partitions[0].state, "DOWN");
}

TEST(ParseConfig, ControllerHostForms) {
  Config plain = Parse("SlurmctldHost=head\n");
  EXPECT_EQ(plain.controller_host, "head");
  EXPECT_EQ(plain.controller_addr, "");
  Config with_addr = Parse("SlurmctldHost=head(10.0.0.1)\n");
  EXPECT_EQ(with_addr.controller_host, "head");
  EXPECT_EQ(with_addr.controller_addr, "10.0.0.1");
  Config old = Parse("ControlMachine=old ControlAddr=10.0.0.2\n");
  EXPECT_EQ(old.controller_host, "old");
  EXPECT_EQ(old.controller_addr, "10.0.0.2");
  Config addr_key = Parse("SlurmctldHost=head\nSlurmctldAddr=192.168.0.1\n");
  EXPECT_EQ(addr_key.controller_addr, "192.168.0.1");
}

TEST(ParseConfig, BackupControllerIsAWarning) {
  Config config = Parse("SlurmctldHost=head1\nSlurmctldHost=head2\n");
  EXPECT_EQ(config.controller_host, "head1");
  ASSERT_EQ(config.warnings.size(), 1u);
  EXPECT_EQ(config.warnings[0].rfind("slurm.conf:2: ", 0), 0u) << config.warnings[0];
}

TEST(ParseConfig, BadControllerHost) {
  EXPECT_EQ(ParseError("SlurmctldHost=head(10.0.0.1\n"),
            "slurm.conf:1: bad SlurmctldHost 'head(10.0.0.1'");
  EXPECT_NE(ParseError("SlurmctldHost=(10.0.0.1)\n"), "");
}

TEST(ParseConfig, CommentsQuotesAndContinuations) {
  Config config = Parse(
      "# a comment line\n"
      "ClusterName=\"my cluster\"  # trailing comment\n"
      "\n"
      "   \t\n"
      "SlurmUser=\"a#b\"\n"
      "NodeName=n[1-2] \\\n"
      "   CPUs=8 \\\n"
      "   RealMemory=4000\r\n"
      "MpiDefault=pmix\n");
  EXPECT_EQ(config.cluster_name, "my cluster");
  EXPECT_EQ(config.slurm_user, "a#b");
  EXPECT_EQ(config.mpi_default, "pmix");
  ASSERT_EQ(config.nodes.size(), 2u);
  EXPECT_EQ(config.nodes[1].cpus, 8u);
  EXPECT_EQ(config.nodes[1].real_memory_mb, 4000);
}

TEST(ParseConfig, JobHostnameChoosesTheNodeNameOrRefusesOthers) {
  EXPECT_TRUE(Parse("JobHostname=node\n").job_hostname_is_node);
  EXPECT_FALSE(Parse("JobHostname=host\n").job_hostname_is_node);
  EXPECT_EQ(ParseError("JobHostname=yes\n"), "slurm.conf:1: bad value for JobHostname: 'yes' (node or host)");
}

TEST(ParseConfig, ContinuedLineReportsItsFirstLine) {
  EXPECT_EQ(ParseError("ClusterName=a\nNodeName=n1 \\\nCPUs=x\n"),
            "slurm.conf:2: bad number for CPUs: 'x'");
  EXPECT_EQ(ParseError("NodeName=n1 \\\nCPUs=1\nKillWait=z\n"),
            "slurm.conf:3: bad number for KillWait: 'z'");
}

TEST(ParseConfig, UnusedAndUnknownKeysWarn) {
  Config config = Parse(
      "SlurmctldPidFile=/var/run/slurmctld.pid\n"
      "ProctrackType=proctrack/cgroup TaskPlugin=task/affinity\n"
      "FrobnicateLevel=3\n"
      "NodeName=n1 CPUs=2 Sockets=1 TmpDisk=100 Colour=blue\n"
      "PartitionName=p Nodes=n1 OverSubscribe=NO Flavour=x\n");
  EXPECT_EQ(config.warnings,
            Names({"slurm.conf:1: SlurmctldPidFile is not used by Bramble, ignored",
                   "slurm.conf:2: ProctrackType is not used by Bramble, ignored",
                   "slurm.conf:2: TaskPlugin is not used by Bramble, ignored",
                   "slurm.conf:3: unknown key FrobnicateLevel, ignored",
                   "slurm.conf:4: TmpDisk is not used by Bramble, ignored",
                   "slurm.conf:4: unknown key Colour, ignored",
                   "slurm.conf:5: OverSubscribe is not used by Bramble, ignored",
                   "slurm.conf:5: unknown key Flavour, ignored"}));
  EXPECT_EQ(config.nodes.size(), 1u);
}

TEST(ParseConfig, TypicalSlurmConfLoadsWithWarningsOnly) {
  Config config = Parse(
      "SlurmctldHost=head\nMpiDefault=none\nProctrackType=proctrack/cgroup\n"
      "ReturnToService=1\nSlurmctldPidFile=/var/run/slurmctld.pid\nSlurmctldPort=6817\n"
      "SlurmdPidFile=/var/run/slurmd.pid\nSlurmdPort=6818\n"
      "SlurmdSpoolDir=/var/spool/slurmd\nSlurmUser=slurm\nStateSaveLocation=/var/spool/slurmctld\n"
      "SwitchType=switch/none\nTaskPlugin=task/affinity,task/cgroup\nInactiveLimit=0\n"
      "KillWait=30\nMinJobAge=300\nSlurmctldTimeout=120\nSlurmdTimeout=300\nWaittime=0\n"
      "SchedulerType=sched/backfill\nSelectType=select/cons_tres\n"
      "SelectTypeParameters=CR_Core_Memory\nAuthType=auth/munge\nCryptoType=crypto/munge\n"
      "MpiParams=ports=12000-12999\nJobCompType=jobcomp/none\n"
      "JobAcctGatherType=jobacct_gather/none\n"
      "AccountingStorageType=accounting_storage/none\nSlurmctldDebug=info\n"
      "SlurmctldLogFile=/var/log/slurmctld.log\nSlurmdDebug=info\n"
      "SlurmdLogFile=/var/log/slurmd.log\n"
      "SlurmdUser=root\nDownNodes=n3 State=DOWN Reason=broken\n"
      "NodeName=n[1-3] CPUs=4 Boards=1 SocketsPerBoard=1 CoresPerSocket=4 ThreadsPerCore=1 "
      "RealMemory=3794\n"
      "PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP\n");
  EXPECT_EQ(config.warnings.size(), 22u);  // all but SchedulerType, which Bramble uses
  for (const std::string& warning : config.warnings) {
    EXPECT_NE(warning.find("is not used by Bramble, ignored"), std::string::npos) << warning;
  }
  EXPECT_EQ(config.nodes.size(), 3u);
  EXPECT_EQ(config.nodes[0].real_memory_mb, 3794);
}

TEST(ParseConfig, NodeAttributes) {
  Config config = Parse(
      "NodeName=n1 CPUs=16 RealMemory=64000 Port=7000 NodeAddr=10.0.0.1 NodeHostname=host1 "
      "Feature=gpu,fast State=idle\n"
      "NodeName=n2 Features=a State=FUTURE\n");
  const NodeConfig* n1 = config.FindNode("n1");
  ASSERT_NE(n1, nullptr);
  EXPECT_EQ(n1->cpus, 16u);
  EXPECT_EQ(n1->real_memory_mb, 64000);
  EXPECT_EQ(n1->port, 7000u);
  EXPECT_EQ(n1->addr, "10.0.0.1");
  EXPECT_EQ(n1->hostname, "host1");
  EXPECT_EQ(n1->features, Names({"gpu", "fast"}));
  EXPECT_EQ(n1->state, "IDLE");
  const NodeConfig* n2 = config.FindNode("n2");
  ASSERT_NE(n2, nullptr);
  EXPECT_EQ(n2->features, Names({"a"}));
  EXPECT_EQ(n2->state, "FUTURE");
  EXPECT_EQ(n2->addr, "");
  EXPECT_EQ(config.FindNode("n3"), nullptr);
}

TEST(ParseConfig, PerNameAddressesAndPorts) {
  Config config = Parse(
      "NodeName=n[1-3] NodeAddr=10.0.0.[11-13] NodeHostname=localhost Port=[17001-17003]\n");
  ASSERT_EQ(config.nodes.size(), 3u);
  EXPECT_EQ(config.nodes[0].addr, "10.0.0.11");
  EXPECT_EQ(config.nodes[2].addr, "10.0.0.13");
  EXPECT_EQ(config.nodes[2].hostname, "localhost");
  EXPECT_EQ(config.nodes[0].port, 17001u);
  EXPECT_EQ(config.nodes[2].port, 17003u);
  EXPECT_EQ(ParseError("NodeName=n[1-3] NodeAddr=a[1-2]\n"),
            "slurm.conf:1: NodeAddr gives 2 values for 3 node names");
  EXPECT_EQ(ParseError("NodeName=n[1-2] Port=[70000-70001]\n"),
            "slurm.conf:1: bad number for Port: '70000'");
  EXPECT_NE(ParseError("NodeName=n1 NodeHostname=h[2-1]\n"), "");
}

TEST(ParseConfig, CpusFromTopologyWhenCpusIsMissing) {
  Config config = Parse(
      "NodeName=a Sockets=2 CoresPerSocket=8 ThreadsPerCore=2\n"
      "NodeName=b Boards=2 SocketsPerBoard=2 CoresPerSocket=4\n"
      "NodeName=c CPUs=6 Sockets=2 CoresPerSocket=8\n"
      "NodeName=d\n");
  EXPECT_EQ(config.FindNode("a")->cpus, 32u);
  EXPECT_EQ(config.FindNode("b")->cpus, 16u);
  EXPECT_EQ(config.FindNode("c")->cpus, 6u);  // CPUs= wins
  EXPECT_EQ(config.FindNode("d")->cpus, 1u);
  EXPECT_TRUE(config.warnings.empty());
}

TEST(ParseConfig, NodeDefaults) {
  Config config = Parse(
      "NodeName=DEFAULT CPUs=4 RealMemory=2000 State=IDLE\n"
      "NodeName=a[1-2]\n"
      "NodeName=b1 CPUs=8\n"
      "NodeName=default RealMemory=500\n"
      "NodeName=c1\n");
  ASSERT_EQ(config.nodes.size(), 4u);
  EXPECT_EQ(config.FindNode("a2")->cpus, 4u);
  EXPECT_EQ(config.FindNode("a2")->real_memory_mb, 2000);
  EXPECT_EQ(config.FindNode("a2")->state, "IDLE");
  EXPECT_EQ(config.FindNode("b1")->cpus, 8u);
  EXPECT_EQ(config.FindNode("c1")->cpus, 4u);  // the second DEFAULT line starts from the first
  EXPECT_EQ(config.FindNode("c1")->real_memory_mb, 500);
  EXPECT_EQ(config.FindNode("DEFAULT"), nullptr);
}

TEST(ParseConfig, PartitionsAndDefaults) {
  Config config = Parse(
      "NodeName=n[1-4]\n"
      "PartitionName=DEFAULT MaxTime=1:00:00 State=UP\n"
      "PartitionName=short Nodes=n[1-2] DefaultTime=10\n"
      "PartitionName=long Nodes=n[3-4],n1 MaxTime=7-0 Default=YES State=DRAIN\n"
      "PartitionName=all Nodes=ALL MaxTime=UNLIMITED State=INACTIVE\n"
      "PartitionName=none\n");
  ASSERT_EQ(config.partitions.size(), 4u);
  const PartitionConfig& short_part = config.partitions[0];
  EXPECT_EQ(short_part.max_time_s, 3600);
  EXPECT_EQ(short_part.default_time_s, 600);
  EXPECT_FALSE(short_part.is_default);
  const PartitionConfig& long_part = config.partitions[1];
  EXPECT_EQ(long_part.nodes, Names({"n3", "n4", "n1"}));
  EXPECT_EQ(long_part.max_time_s, 7 * 86400);
  EXPECT_EQ(long_part.default_time_s, -1);
  EXPECT_EQ(long_part.state, "DRAIN");
  const PartitionConfig& all = config.partitions[2];
  EXPECT_EQ(all.nodes, Names({"n1", "n2", "n3", "n4"}));
  EXPECT_EQ(all.max_time_s, -1);
  EXPECT_EQ(all.state, "INACTIVE");
  EXPECT_TRUE(config.partitions[3].nodes.empty());
  EXPECT_EQ(config.DefaultPartition(), &long_part);
}

TEST(ParseConfig, OnlyCapitalDefaultSetsPartitionDefaults) {
  Config config = Parse(
      "NodeName=n1\n"
      "PartitionName=DEFAULT MaxTime=30\n"
      "PartitionName=Default Nodes=n1\n");
  ASSERT_EQ(config.partitions.size(), 1u);
  EXPECT_EQ(config.partitions[0].name, "Default");
  EXPECT_EQ(config.partitions[0].max_time_s, 1800);
}

TEST(ParseConfig, DefaultPartitionIsFirstWithoutDefaultYes) {
  Config config = Parse("NodeName=n1\nPartitionName=a Nodes=n1 Default=NO\nPartitionName=b\n");
  ASSERT_NE(config.DefaultPartition(), nullptr);
  EXPECT_EQ(config.DefaultPartition()->name, "a");
}

TEST(ParseConfig, PartitionMayNameNodesDefinedLater) {
  Config config = Parse("PartitionName=p Nodes=n[1-2]\nNodeName=n[1-2]\n");
  EXPECT_EQ(config.partitions[0].nodes, Names({"n1", "n2"}));
}

TEST(ParseConfig, PartitionKeepsOneEntryPerNode) {
  Config config = Parse("NodeName=n[1-3]\nPartitionName=p Nodes=n[1-2],n[2-3]\n");
  EXPECT_EQ(config.partitions[0].nodes, Names({"n1", "n2", "n3"}));
}

TEST(ParseConfig, SyntaxErrors) {
  EXPECT_EQ(ParseError("ClusterName=a\nbogus\n"), "slurm.conf:2: expected Key=Value, got 'bogus'");
  EXPECT_EQ(ParseError("ClusterName = a\n"), "slurm.conf:1: expected Key=Value, got 'ClusterName'");
  EXPECT_EQ(ParseError("=value\n"), "slurm.conf:1: empty key in '=value'");
  EXPECT_EQ(ParseError("ClusterName=\"abc\n"), "slurm.conf:1: unbalanced quotes");
  EXPECT_EQ(ParseError("Include /etc/slurm/nodes.conf\n"),
            "slurm.conf:1: expected Key=Value, got 'Include'");
  EXPECT_EQ(ParseError("ClusterName=a NodeName=n1\n"),
            "slurm.conf:1: NodeName= must start its line");
}

TEST(ParseConfig, ValueErrors) {
  EXPECT_EQ(ParseError("KillWait=abc\n"), "slurm.conf:1: bad number for KillWait: 'abc'");
  EXPECT_EQ(ParseError("KillWait=-1\n"), "slurm.conf:1: bad number for KillWait: '-1'");
  EXPECT_EQ(ParseError("KillWait=4294967296\n"),
            "slurm.conf:1: bad number for KillWait: '4294967296'");
  EXPECT_EQ(ParseError("SlurmctldPort=65536\n"),
            "slurm.conf:1: bad number for SlurmctldPort: '65536'");
  EXPECT_EQ(ParseError("SlurmdPort=\n"), "slurm.conf:1: bad number for SlurmdPort: ''");
  EXPECT_EQ(ParseError("DefMemPerCPU=lots\n"), "slurm.conf:1: bad number for DefMemPerCPU: 'lots'");
  EXPECT_EQ(ParseError("NodeName=n1 CPUs=0\n"), "slurm.conf:1: bad number for CPUs: '0'");
  EXPECT_EQ(ParseError("NodeName=n1 RealMemory=4G\n"),
            "slurm.conf:1: bad number for RealMemory: '4G'");
  EXPECT_EQ(ParseError("NodeName=n1\nPartitionName=p MaxTime=forever\n"),
            "slurm.conf:2: bad time for MaxTime: 'forever'");
  EXPECT_EQ(ParseError("PartitionName=p DefaultTime=1:2:3:4\n"),
            "slurm.conf:1: bad time for DefaultTime: '1:2:3:4'");
  EXPECT_EQ(ParseError("PartitionName=p Default=maybe\n"),
            "slurm.conf:1: bad Default 'maybe' (expected YES or NO)");
  EXPECT_EQ(ParseError("NodeName=n[3-1]\n").rfind("slurm.conf:1: bad NodeName: ", 0), 0u);
  EXPECT_EQ(ParseError("NodeName=n[0-99999999]\n").rfind("slurm.conf:1: bad NodeName", 0), 0u);
  EXPECT_EQ(ParseError("NodeName=ALL\n"), "slurm.conf:1: ALL is reserved, not a node name");
}

TEST(ParseConfig, StateErrors) {
  EXPECT_EQ(ParseError("NodeName=n1 State=BROKEN\n"),
            "slurm.conf:1: bad State 'BROKEN' "
            "(expected one of UNKNOWN, IDLE, DOWN, DRAIN, FUTURE)");
  EXPECT_EQ(ParseError("PartitionName=p State=IDLE\n"),
            "slurm.conf:1: bad State 'IDLE' (expected one of UP, DOWN, DRAIN, INACTIVE)");
}

TEST(ParseConfig, DuplicateNames) {
  EXPECT_EQ(ParseError("NodeName=n[1-2]\nNodeName=n2\n"), "slurm.conf:2: duplicate node name n2");
  EXPECT_EQ(ParseError("NodeName=n[1,1]\n"), "slurm.conf:1: duplicate node name n1");
  EXPECT_EQ(ParseError("PartitionName=p\nPartitionName=p\n"),
            "slurm.conf:2: duplicate partition name p");
}

TEST(ParseConfig, PartitionNamingAnUndefinedNode) {
  EXPECT_EQ(ParseError("NodeName=pi[1-4]\nPartitionName=p Nodes=pi[1-5]\nClusterName=x\n"),
            "slurm.conf:2: partition p lists node pi5, which no NodeName line defines");
}

TEST(ParseConfig, OriginAppearsInMessages) {
  Result<Config> config = ParseConfig("KillWait=x\n", "/etc/bramble/slurm.conf");
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().message(), "/etc/bramble/slurm.conf:1: bad number for KillWait: 'x'");
}

TEST(ParseConfig, MaxArraySizeFollowsSlurmsBounds) {
  EXPECT_EQ(Parse("").max_array_size, 1001u);
  EXPECT_EQ(Parse("MaxArraySize=0\n").max_array_size, 0u);
  EXPECT_EQ(Parse("MaxArraySize=4000001\n").max_array_size, 4000001u);
  EXPECT_EQ(ParseError("MaxArraySize=4000002\n"),
            "slurm.conf:1: bad number for MaxArraySize: '4000002'");
}

TEST(LoadConfig, ReadsAFile) {
  TempDir dir;
  std::string path =
      dir.Write("slurm.conf", "ClusterName=fromfile\nNodeName=n1 CPUs=3\nFooBar=1\n");
  Result<Config> config = LoadConfig(path);
  ASSERT_TRUE(config.has_value()) << config.status().message();
  EXPECT_EQ(config->path, path);
  EXPECT_EQ(config->cluster_name, "fromfile");
  EXPECT_EQ(config->nodes.at(0).cpus, 3u);
  EXPECT_EQ(config->warnings, Names({path + ":3: unknown key FooBar, ignored"}));
  EXPECT_EQ(config->gres_conf_path, "");  // none beside it
}

TEST(LoadConfig, MissingFile) {
  Result<Config> config = LoadConfig("/nonexistent/bramble/slurm.conf");
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().code(), Code::kIo);
  EXPECT_EQ(config.error().message(),
            "cannot read /nonexistent/bramble/slurm.conf: No such file or directory");
}

TEST(LoadConfig, Directory) {
  Result<Config> config = LoadConfig("/tmp");
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().message(), "cannot read /tmp: Is a directory");
}

}  // namespace
}  // namespace bramble
