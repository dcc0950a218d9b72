// Keeping a stepd's process tree inside it: a stepd is a child subreaper,
// so processes its tasks leave behind (double forks, setsid, MPI launchers'
// ranks) become its own children instead of init's, and at the end it kills
// every one of them. Until cgroups arrive (issue 5) this is what makes "no
// process of a job survives it" true.
#pragma once

namespace bramble::stepd {

// Makes this process the subreaper of its descendants.
void BecomeSubreaper();

// SIGKILLs and reaps every child of this process, again and again as
// orphans keep arriving, until none is left (bounded rounds).
void KillAllChildren();

}  // namespace bramble::stepd
