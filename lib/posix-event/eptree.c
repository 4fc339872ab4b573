/*
 * lib/posix-event/eptree.c - an epoll instance's interest list: an AVL
 * tree of its items keyed by (file pointer, descriptor), as Linux keys its
 * red-black tree, so that epoll_ctl finds, adds and removes an item in
 * O(log n) however many are registered.
 *
 * The operations are recursive; the height of an AVL tree of 65536 items
 * (the most descriptors there can be) is at most 23, a shallow recursion.
 */
#include "eventpoll.h"

static int cmp(const struct uk_vfs_file *f, int fd, const struct uk_ep_item *it)
{
	if (f != it->file)
		return (uintptr_t)f < (uintptr_t)it->file ? -1 : 1;
	return fd < it->fd ? -1 : fd > it->fd;
}

static int height(const struct uk_ep_item *n)
{
	return n ? n->height : 0;
}

static void fix_height(struct uk_ep_item *n)
{
	int l = height(n->left), r = height(n->right);

	n->height = 1 + (l > r ? l : r);
}

static struct uk_ep_item *rotate_right(struct uk_ep_item *n)
{
	struct uk_ep_item *l = n->left;

	n->left = l->right;
	l->right = n;
	fix_height(n);
	fix_height(l);
	return l;
}

static struct uk_ep_item *rotate_left(struct uk_ep_item *n)
{
	struct uk_ep_item *r = n->right;

	n->right = r->left;
	r->left = n;
	fix_height(n);
	fix_height(r);
	return r;
}

/* Restore the AVL property at n (its subtrees have it); the new root. */
static struct uk_ep_item *balance(struct uk_ep_item *n)
{
	int b;

	fix_height(n);
	b = height(n->left) - height(n->right);
	if (b > 1) {
		if (height(n->left->left) < height(n->left->right))
			n->left = rotate_left(n->left);
		return rotate_right(n);
	}
	if (b < -1) {
		if (height(n->right->right) < height(n->right->left))
			n->right = rotate_right(n->right);
		return rotate_left(n);
	}
	return n;
}

struct uk_ep_item *uk_eptree_find(struct uk_ep_item *root,
				  const struct uk_vfs_file *f, int fd)
{
	while (root) {
		int c = cmp(f, fd, root);

		if (!c)
			return root;
		root = c < 0 ? root->left : root->right;
	}
	return NULL;
}

static struct uk_ep_item *tree_insert(struct uk_ep_item *n,
				      struct uk_ep_item *it)
{
	if (!n) {
		it->left = it->right = NULL;
		it->height = 1;
		return it;
	}
	if (cmp(it->file, it->fd, n) < 0)
		n->left = tree_insert(n->left, it);
	else
		n->right = tree_insert(n->right, it);
	return balance(n);
}

void uk_eptree_insert(struct uk_ep_item **root, struct uk_ep_item *it)
{
	*root = tree_insert(*root, it);
}

/* Unlink the smallest item of the subtree n into *min; the new root. */
static struct uk_ep_item *remove_min(struct uk_ep_item *n,
				     struct uk_ep_item **min)
{
	if (!n->left) {
		*min = n;
		return n->right;
	}
	n->left = remove_min(n->left, min);
	return balance(n);
}

static struct uk_ep_item *tree_remove(struct uk_ep_item *n,
				      struct uk_ep_item *it)
{
	struct uk_ep_item *m, *r;
	int c;

	if (!n)
		return NULL;
	c = cmp(it->file, it->fd, n);
	if (c < 0) {
		n->left = tree_remove(n->left, it);
	} else if (c > 0) {
		n->right = tree_remove(n->right, it);
	} else {
		/* Keys are unique: n is it. Its successor takes its place. */
		if (!n->right)
			return n->left;
		r = remove_min(n->right, &m);
		m->left = n->left;
		m->right = r;
		return balance(m);
	}
	return balance(n);
}

void uk_eptree_remove(struct uk_ep_item **root, struct uk_ep_item *it)
{
	*root = tree_remove(*root, it);
	it->left = it->right = NULL;
}
