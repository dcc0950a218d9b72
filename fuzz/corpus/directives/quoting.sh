#!/bin/sh
#SBATCH --job-name="two words" --comment='it''s' # trailing comment
#SBATCH --wrap=a\ b "--export=A=1,B=2"
#SLURM -p debug

echo done
