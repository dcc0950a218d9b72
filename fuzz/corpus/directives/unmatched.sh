#!/bin/bash
#SBATCH --comment="unterminated
