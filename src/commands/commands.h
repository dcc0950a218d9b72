// Entry points of the Slurm-named commands. Each takes the full argv (argv[0]
// is the command name) and returns the process exit code.
#pragma once

namespace bramble::commands {

// The line every command's -V/--version prints, in Slurm's form
// ("slurm 22.05.8", print_slurm_version()): tools that parse it (job
// wrappers, workflow engines, site scripts) expect "slurm X.Y.Z" and gate
// features on the number. Bramble claims the release whose interface it
// follows, the one ShowConfig's SLURM_VERSION names; docs/compat.md says so.
inline constexpr const char* kVersion = "slurm 22.05.8";

int SbatchMain(int argc, char** argv);
int SqueueMain(int argc, char** argv);
int SinfoMain(int argc, char** argv);
int ScancelMain(int argc, char** argv);
int ScontrolMain(int argc, char** argv);
int SrunMain(int argc, char** argv);
int SallocMain(int argc, char** argv);
int SprioMain(int argc, char** argv);
int SshareMain(int argc, char** argv);
int SdiagMain(int argc, char** argv);
int SacctMain(int argc, char** argv);

}  // namespace bramble::commands
