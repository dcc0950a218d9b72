#!/bin/bash
#SBATCH -J analysis
#SBATCH --ntasks=4 --time=01:00:00
#SBATCH --output=logs/%x-%j.out
# a comment
srun ./analyse
#SBATCH --not-a-directive
