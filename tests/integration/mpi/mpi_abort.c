/* MPI_Abort test for Bramble's integration tests.
 *
 * All ranks print "rank <r> of <n> pid <pid> on <processor-name> node
 * <SLURMD_NODENAME|->", meet in a barrier, then every rank except 1 blocks in
 * an MPI_Recv that is never satisfied.  Rank 1 waits a moment (so the others
 * are surely blocked) and calls MPI_Abort(MPI_COMM_WORLD, 3).  The launcher
 * must then kill every rank; the test checks that the printed pids are gone and
 * that the launcher (mpirun / mpiexec / srun) exits non-zero.
 * Needs at least 2 ranks (with 1 rank it aborts itself with code 3 at once).
 *
 * Build: mpicc.mpich   -O1 -o mpi_abort.mpich   mpi_abort.c
 *        mpicc.openmpi -O1 -o mpi_abort.openmpi mpi_abort.c
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int rank = -1, size = 0, len = 0;
  char name[MPI_MAX_PROCESSOR_NAME] = "";

  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Get_processor_name(name, &len);

  const char *node = getenv("SLURMD_NODENAME");
  printf("rank %d of %d pid %ld on %s node %s\n", rank, size, (long)getpid(),
         name, node ? node : "-");
  fflush(stdout);

  MPI_Barrier(MPI_COMM_WORLD);
  if (size < 2 || rank == 1) {
    sleep(1);
    fprintf(stderr, "rank %d calling MPI_Abort(MPI_COMM_WORLD, 3)\n", rank);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 3);
  } else {
    int dummy;
    MPI_Recv(&dummy, 1, MPI_INT, 1, 99, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  }
  /* Not reached. */
  printf("rank %d NOT ABORTED\n", rank);
  MPI_Finalize();
  return 0;
}
