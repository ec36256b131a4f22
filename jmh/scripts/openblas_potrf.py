#!/usr/bin/python3
"""Same-window OpenBLAS reference for CholeskyBenchmark and LeverageBenchmark (issue 11).

Calls LAPACK dpotrf_ of an OpenBLAS libopenblas.so.0 through ctypes (scipy is not installed) on a
4000 x 4000 SPD matrix built like CholeskyBenchmark's (symmetric uniform(-0.5, 0.5) off-diagonal,
n on the diagonal), and times the leverages d = rowwise (X @ Minv) . X of a 200,000 x 100 Gaussian
X with numpy (which uses OpenBLAS when LD_LIBRARY_PATH puts it first).

Usage (Debian's libopenblas0-pthread installed, `apt-get install libopenblas0`; or unpacked from its .deb
and put first with LD_LIBRARY_PATH):
  D=/usr/lib/x86_64-linux-gnu/openblas-pthread
  for t in 1 2; do OPENBLAS_NUM_THREADS=$t LD_LIBRARY_PATH=$D /usr/bin/python3 jmh/scripts/openblas_potrf.py $D/libopenblas.so.0; done
Prints best-of-REPS wall time and process CPU time of each kernel, and the medians. WHAT=gemm (not in the default)
times DGEMM C = A B of two GEMM_N x GEMM_N (default 2000) matrices, the yardstick of GemmBenchmark's kind=gemm.
"""
import ctypes
import os
import sys
import time

import numpy as np

lib_path = sys.argv[1] if len(sys.argv) > 1 else "libopenblas.so.0"
n = int(os.environ.get("N", "4000"))
reps = int(os.environ.get("REPS", "3"))
what = os.environ.get("WHAT", "potrf,lev")
lib = ctypes.CDLL(lib_path)
try:
    cfg = lib.openblas_get_config
    cfg.restype = ctypes.c_char_p
    nthr = lib.openblas_get_num_threads()
    print("library:", cfg().decode(), "threads:", nthr)
except AttributeError:
    print("library:", lib_path)

if "potrf" in what:
    rng = np.random.default_rng(42)
    a = rng.random((n, n)) - 0.5
    a = np.tril(a, -1)
    a = a + a.T + n * np.eye(n)
    potrf = lib.dpotrf_
    uplo = ctypes.c_char(b"L")
    nn = ctypes.c_int(n)
    info = ctypes.c_int(0)
    walls, cpus = [], []
    for _ in range(reps):
        w = np.asfortranarray(a)  # column-major copy; 'L' in Fortran order
        t0, c0 = time.perf_counter(), time.process_time()
        potrf(ctypes.byref(uplo), ctypes.byref(nn), w.ctypes.data_as(ctypes.c_void_p), ctypes.byref(nn), ctypes.byref(info))
        t1, c1 = time.perf_counter(), time.process_time()
        if info.value != 0:
            raise SystemExit("dpotrf info=%d" % info.value)
        walls.append(t1 - t0)
        cpus.append(c1 - c0)
    best_w, best_c = min(walls), min(cpus)
    fl = n ** 3 / 3
    # check: L L' = A on a few entries
    L = np.tril(w)
    err = abs(L[n - 1] @ L[n - 2] - a[n - 1, n - 2])
    print("dpotrf n=%d best of %d: wall %.1f ms = %.1f GFLOP/s, cpu %.1f ms (check %.1e)"
          % (n, reps, best_w * 1e3, fl / best_w / 1e9, best_c * 1e3, err))
    print("dpotrf n=%d median of %d: wall %.1f ms = %.1f GFLOP/s, cpu %.1f ms"
          % (n, reps, np.median(walls) * 1e3, fl / np.median(walls) / 1e9, np.median(cpus) * 1e3))

if "gemm" in what:
    g = int(os.environ.get("GEMM_N", "2000"))
    rng = np.random.default_rng(1)
    ga = np.asfortranarray(rng.random((g, g)) - 0.5)
    gb = np.asfortranarray(rng.random((g, g)) - 0.5)
    gc = np.zeros((g, g), order="F")
    dgemm = lib.dgemm_
    tr = ctypes.c_char(b"N")
    gn = ctypes.c_int(g)
    one, zero = ctypes.c_double(1.0), ctypes.c_double(0.0)
    walls, cpus = [], []
    for _ in range(reps + 1):  # the first call is a warm-up (thread start, page faults of C)
        t0, c0 = time.perf_counter(), time.process_time()
        dgemm(ctypes.byref(tr), ctypes.byref(tr), ctypes.byref(gn), ctypes.byref(gn), ctypes.byref(gn), ctypes.byref(one),
              ga.ctypes.data_as(ctypes.c_void_p), ctypes.byref(gn), gb.ctypes.data_as(ctypes.c_void_p), ctypes.byref(gn),
              ctypes.byref(zero), gc.ctypes.data_as(ctypes.c_void_p), ctypes.byref(gn))
        t1, c1 = time.perf_counter(), time.process_time()
        walls.append(t1 - t0)
        cpus.append(c1 - c0)
    walls, cpus = walls[1:], cpus[1:]
    fl = 2.0 * g ** 3
    err = abs(gc[g - 1, 3] - ga[g - 1] @ gb[:, 3])
    print("dgemm n=%d best of %d: wall %.1f ms = %.1f GFLOP/s, cpu %.1f ms = %.1f GFLOP/s per CPU-s (check %.1e)"
          % (g, reps, min(walls) * 1e3, fl / min(walls) / 1e9, min(cpus) * 1e3, fl / min(cpus) / 1e9, err))
    print("dgemm n=%d median of %d: wall %.1f ms, cpu %.1f ms" % (g, reps, np.median(walls) * 1e3, np.median(cpus) * 1e3))

if "lev" in what:
    rows, p = int(os.environ.get("ROWS", "200000")), int(os.environ.get("P", "100"))
    rng = np.random.default_rng(42)
    x = rng.standard_normal((rows, p))
    m = x[: 4 * p].T @ x[: 4 * p]
    minv = np.linalg.inv(m)
    best_w = best_c = float("inf")
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        d = np.einsum("ij,ij->i", x @ minv, x)
        t1, c1 = time.perf_counter(), time.process_time()
        best_w, best_c = min(best_w, t1 - t0), min(best_c, c1 - c0)
    print("leverages %d x %d best of %d: wall %.1f ms = %.2f M rows/s, cpu %.1f ms"
          % (rows, p, reps, best_w * 1e3, rows / best_w / 1e6, best_c * 1e3))
