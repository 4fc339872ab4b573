/*
 * lib/uklock/spinlock.c - spin locks: an atomic exchange with acquire
 * ordering to take, a release store to give back; waiters spin on plain
 * loads (no bus-locked writes while the lock is held) with the CPU's
 * spin-wait hint.
 */
#include <uk/lock.h>
#include <uk/plat.h>

void uk_spin_lock(struct uk_spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			ukplat_cpu_relax();
	}
}

bool uk_spin_trylock(struct uk_spinlock *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

void uk_spin_unlock(struct uk_spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}
