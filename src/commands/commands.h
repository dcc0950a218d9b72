// Entry points of the Slurm-named commands. Each takes the full argv (argv[0]
// is the command name) and returns the process exit code.
#pragma once

namespace bramble::commands {

// The line --version prints (sbatch, scancel, scontrol).
inline constexpr const char* kVersion = "bramble 0.1.0";

int SbatchMain(int argc, char** argv);
int SqueueMain(int argc, char** argv);
int SinfoMain(int argc, char** argv);
int ScancelMain(int argc, char** argv);
int ScontrolMain(int argc, char** argv);
int SrunMain(int argc, char** argv);
int SallocMain(int argc, char** argv);
int SprioMain(int argc, char** argv);
int SshareMain(int argc, char** argv);
int SacctMain(int argc, char** argv);

}  // namespace bramble::commands
