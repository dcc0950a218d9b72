/* MPI smoke test for Bramble's integration tests.
 *
 * Every rank prints exactly one line:
 *   rank <r> of <n> on <processor-name> node <SLURMD_NODENAME|-> sum <s> ring <ok|BAD>
 * after an MPI_Allreduce of all ranks and a ring exchange, so the ranks really
 * talk to each other (across the fake nodes, through the network module when
 * they sit on different nodes).  Exit status 0 when every check passed on every
 * rank, 1 otherwise.
 *
 * Build: mpicc.mpich   -O1 -o mpi_hello.mpich   mpi_hello.c
 *        mpicc.openmpi -O1 -o mpi_hello.openmpi mpi_hello.c
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int rank = -1, size = 0, len = 0;
  char name[MPI_MAX_PROCESSOR_NAME] = "";

  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Get_processor_name(name, &len);

  /* Collective: sum of all ranks must be n(n-1)/2. */
  int sum = -1;
  MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  int ok = (sum == size * (size - 1) / 2);

  /* Point to point: pass my rank to the right, receive from the left. */
  int right = (rank + 1) % size, left = (rank + size - 1) % size, got = -1;
  MPI_Sendrecv(&rank, 1, MPI_INT, right, 7, &got, 1, MPI_INT, left, 7,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  int ring_ok = (got == left);
  ok = ok && ring_ok;

  /* Everyone must agree that everything went well. */
  int all_ok = 0;
  MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);

  const char *node = getenv("SLURMD_NODENAME");
  printf("rank %d of %d on %s node %s sum %d ring %s\n", rank, size, name,
         node ? node : "-", sum, ring_ok ? "ok" : "BAD");
  fflush(stdout);

  MPI_Finalize();
  return all_ok ? 0 : 1;
}
