// nlts native socket shim.
//
// Deliberately thin: the socket and ioctl syscalls Node cannot make itself,
// network-namespace entry (and the mounts that name a namespace, as
// iproute2's ip/ipnetns.c makes them, and the fork/exec of ip netns exec),
// strerror and a libuv readiness poll. Message
// encoding, sequencing, queues, retries and timeouts live in TypeScript.
//
// Nothing here throws or aborts. Every function returns a number, >= 0 on
// success or -errno on failure (a wrong argument type is -EINVAL); the Poller
// reports failures through its callback as a negative libuv status, which on
// Linux is -errno too.

#include <napi.h>
#include <uv.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>      // union bpf_attr (ip vrf exec's cgroup program)
#include <linux/netlink.h>  // sockaddr_nl, nl_pktinfo, NETLINK_PKTINFO, ...
#include <sched.h>          // setns, CLONE_NEWNET (g++ defines _GNU_SOURCE)
#include <string.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>        // mount, umount2 (named network namespaces)
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>      // SYS_pidfd_open
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270  // glibc <bits/socket.h>; kernel include/linux/socket.h
#endif

namespace {

// Calls f() again while it fails with EINTR: a signal arriving during a
// blocking call is not an error the caller should have to handle.
template <typename F>
auto RetryEintr(F f) -> decltype(f()) {
  decltype(f()) rc;
  do rc = f();
  while (rc < 0 && errno == EINTR);
  return rc;
}

// A syscall result (-1 with errno on failure) in our ">= 0 | -errno" form.
double Result(long rc) { return rc < 0 ? -errno : static_cast<double>(rc); }

// Argument reader. A getter meeting the wrong type returns a dummy value and
// clears ok, so each function checks ok once, after reading its arguments.
struct Args {
  const Napi::CallbackInfo& info;
  bool ok = true;

  bool IsNumber(size_t i) { return ok = ok && info[i].IsNumber(); }
  int32_t Int(size_t i) { return IsNumber(i) ? info[i].As<Napi::Number>().Int32Value() : 0; }
  // Port ids and group masks are u32: ToUint32 keeps 0xffffffff intact.
  uint32_t U32(size_t i) { return IsNumber(i) ? info[i].As<Napi::Number>().Uint32Value() : 0; }

  // A typed array of element type `want` with at least `min` elements. The
  // data pointer napi_get_typedarray_info returns already includes the
  // byteOffset, so views into a larger ArrayBuffer (subarray()) work.
  template <typename T>
  T* Array(size_t i, napi_typedarray_type want, size_t min, size_t* length = nullptr) {
    napi_typedarray_type type;
    size_t n = 0, offset;
    void* data = nullptr;
    napi_value buffer;
    ok = ok && info[i].IsTypedArray() &&
         napi_get_typedarray_info(info.Env(), info[i], &type, &n, &data, &buffer, &offset) ==
             napi_ok &&
         type == want && n >= min;
    if (length != nullptr) *length = n;
    return static_cast<T*>(data);
  }
};

// Adapts `double F(Args&)` to a JS function returning a number.
template <double (*F)(Args&)>
Napi::Value Export(const Napi::CallbackInfo& info) {
  Args args{info};
  return Napi::Number::New(info.Env(), F(args));
}

int NetlinkSocket(int protocol) {
  // SOCK_CLOEXEC so child processes never inherit netlink sockets.
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
  return fd < 0 ? -errno : fd;
}

// Runs make() - which returns an fd or -errno - on the calling thread inside
// the network namespace at nsPath. setns() moves only the calling thread, and
// a socket (or a /dev/net/tun file: tun_chr_open records current->nsproxy's
// netns) belongs to the namespace it was made in, so the thread enters, makes
// the fd and goes straight back.
template <typename F>
int InNamespace(const char* nsPath, F make) {
  int target = RetryEintr([&] { return open(nsPath, O_RDONLY | O_CLOEXEC); });
  if (target < 0) return -errno;
  int saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  int result;
  if (saved < 0 || setns(target, CLONE_NEWNET) < 0) {
    result = -errno;  // for setns, EINVAL: not a netns file; EPERM: no CAP_SYS_ADMIN
  } else {
    result = make();
    if (setns(saved, CLONE_NEWNET) < 0) {
      // Could not go home (not expected: this thread was allowed in its own
      // namespace before). Never hand out an fd from the wrong namespace.
      int err = errno;
      if (result >= 0) close(result);
      result = -err;
    }
  }
  if (saved >= 0) close(saved);
  close(target);
  return result;
}

// make() here, or inside the namespace at `ns` when that is a string.
// Returns -EINVAL when `ns` is neither a string nor null/undefined.
template <typename F>
int HereOrIn(const Napi::Value& ns, F make) {
  if (ns.IsNull() || ns.IsUndefined()) return make();
  if (!ns.IsString()) return -EINVAL;
  return InNamespace(ns.As<Napi::String>().Utf8Value().c_str(), make);
}

// ---- exported functions (argument order as in src/netlink/native.ts) ----

double Open(Args& a) {
  int protocol = a.Int(0);
  if (!a.ok) return -EINVAL;
  return HereOrIn(a.info[1], [&] { return NetlinkSocket(protocol); });
}

// Any socket (the ioctl sockets ip makes for SIOCADDMULTI), here or in a netns.
double Socket(Args& a) {
  int domain = a.Int(0), type = a.Int(1), protocol = a.Int(2);
  if (!a.ok) return -EINVAL;
  return HereOrIn(a.info[3], [&] {
    int fd = socket(domain, type | SOCK_CLOEXEC, protocol);
    return fd < 0 ? -errno : fd;
  });
}

double Bind(Args& a) {
  sockaddr_nl addr{};
  addr.nl_family = AF_NETLINK;
  int fd = a.Int(0);
  addr.nl_pid = a.U32(1);
  addr.nl_groups = a.U32(2);
  if (!a.ok) return -EINVAL;
  return Result(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr));
}

double GetSockName(Args& a) {
  int fd = a.Int(0);
  uint32_t* out = a.Array<uint32_t>(1, napi_uint32_array, 2);
  if (!a.ok) return -EINVAL;
  sockaddr_nl addr{};
  socklen_t len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) < 0) return -errno;
  out[0] = addr.nl_pid;
  out[1] = addr.nl_groups;
  return 0;
}

double SetSockOptInt(Args& a) {
  int fd = a.Int(0), level = a.Int(1), name = a.Int(2), value = a.Int(3);
  if (!a.ok) return -EINVAL;
  return Result(setsockopt(fd, level, name, &value, sizeof value));
}

double GetSockOptInt(Args& a) {
  int fd = a.Int(0), level = a.Int(1), name = a.Int(2);
  int32_t* out = a.Array<int32_t>(3, napi_int32_array, 1);
  if (!a.ok) return -EINVAL;
  int value = 0;
  socklen_t len = sizeof value;
  if (getsockopt(fd, level, name, &value, &len) < 0) return -errno;
  out[0] = value;
  return 0;
}

double SetReceiveTimeout(Args& a) {
  int fd = a.Int(0);
  int64_t ms = a.IsNumber(1) ? a.info[1].As<Napi::Number>().Int64Value() : -1;
  if (!a.ok || ms < 0) return -EINVAL;
  // A zero timeval means "no timeout" (socket(7), SO_RCVTIMEO).
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
  return Result(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
}

double SendTo(Args& a) {
  size_t length;
  int fd = a.Int(0);
  uint8_t* data = a.Array<uint8_t>(1, napi_uint8_array, 0, &length);
  sockaddr_nl dest{};
  dest.nl_family = AF_NETLINK;
  dest.nl_pid = a.U32(2);
  dest.nl_groups = a.U32(3);
  if (!a.ok) return -EINVAL;
  return Result(RetryEintr([&] {
    return sendto(fd, data, length, 0, reinterpret_cast<sockaddr*>(&dest), sizeof dest);
  }));
}

double RecvMsg(Args& a) {
  size_t length;
  int fd = a.Int(0);
  uint8_t* data = a.Array<uint8_t>(1, napi_uint8_array, 0, &length);
  int flags = a.Int(2);
  int32_t* out = a.Array<int32_t>(3, napi_int32_array, 4);
  if (!a.ok) return -EINVAL;

  sockaddr_nl from{};
  iovec iov{data, length};
  // Room for both control messages the kernel may attach: struct nl_pktinfo
  // (NETLINK_PKTINFO) and an int nsid (NETLINK_LISTEN_ALL_NSID). The union
  // gives the buffer the alignment the CMSG_* macros expect.
  union {
    char buf[CMSG_SPACE(sizeof(nl_pktinfo)) + CMSG_SPACE(sizeof(int))];
    cmsghdr align;
  } control;
  msghdr msg{};
  msg.msg_name = &from;
  msg.msg_namelen = sizeof from;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof control.buf;
  ssize_t n = RetryEintr([&] { return recvmsg(fd, &msg, flags); });
  if (n < 0) return -errno;

  out[0] = static_cast<int32_t>(from.nl_pid);
  out[1] = static_cast<int32_t>(from.nl_groups);
  out[2] = -1;  // no NETLINK_PKTINFO cmsg
  // INT32_MIN marks "no nsid cmsg": -1 (NETNSA_NSID_NOT_ASSIGNED from
  // <linux/net_namespace.h>) is a value the kernel can actually deliver.
  out[3] = INT32_MIN;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_NETLINK) continue;
    // memcpy: CMSG_DATA need not be aligned for the payload type.
    if (c->cmsg_type == NETLINK_PKTINFO && c->cmsg_len >= CMSG_LEN(sizeof(nl_pktinfo))) {
      nl_pktinfo pkt;
      memcpy(&pkt, CMSG_DATA(c), sizeof pkt);
      out[2] = static_cast<int32_t>(pkt.group);
    } else if (c->cmsg_type == NETLINK_LISTEN_ALL_NSID && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
      memcpy(&out[3], CMSG_DATA(c), sizeof(int));
    }
  }
  return static_cast<double>(n);
}

double Close(Args& a) {
  int fd = a.Int(0);
  if (!a.ok) return -EINVAL;
  // Never retry close(): Linux releases the descriptor even when close()
  // reports EINTR, and a retry could close an unrelated, reused descriptor.
  return close(fd) < 0 && errno != EINTR ? -errno : 0;
}

// ioctl(fd, request, buf): the kernel reads and/or writes the struct in buf
// (struct ifreq for TUNSETIFF and SIOCADDMULTI). Returns ioctl's result | -errno.
double IoctlBuffer(Args& a) {
  size_t length;
  int fd = a.Int(0);
  uint32_t request = a.U32(1);
  uint8_t* data = a.Array<uint8_t>(2, napi_uint8_array, 1, &length);
  if (!a.ok) return -EINVAL;
  return Result(RetryEintr([&] { return ioctl(fd, request, data); }));
}

// ioctl(fd, request, value) for requests whose argument is a number passed by
// value (TUNSETPERSIST, TUNSETOWNER, TUNSETGROUP: drivers/net/tun.c casts arg).
double IoctlValue(Args& a) {
  int fd = a.Int(0);
  uint32_t request = a.U32(1);
  uint32_t value = a.U32(2);
  if (!a.ok) return -EINVAL;
  return Result(RetryEintr([&] { return ioctl(fd, request, static_cast<unsigned long>(value)); }));
}

// strerror_r is the GNU variant (returns char*) under g++/glibc and the XSI
// one (returns int) elsewhere; these overloads accept either.
[[maybe_unused]] const char* StrerrorText(int rc, const char* buf) {
  return rc == 0 ? buf : "Unknown error";
}
[[maybe_unused]] const char* StrerrorText(const char* text, const char*) { return text; }

// A string argument, or false in a.ok.
std::string Str(Args& a, size_t i) {
  if (!a.info[i].IsString()) {
    a.ok = false;
    return {};
  }
  return a.info[i].As<Napi::String>().Utf8Value();
}

// ip netns add's first step (netns_add): make the run directory a shared
// mount so that namespaces bound in it are seen by every mount namespace.
// When it is not a mount point yet (EINVAL), bind it onto itself first.
double NetnsShareDir(Args& a) {
  std::string dir = Str(a, 0);
  if (!a.ok) return -EINVAL;
  if (mount("", dir.c_str(), "none", MS_SHARED | MS_REC, nullptr) == 0) return 0;
  if (errno != EINVAL) return -errno;
  if (mount(dir.c_str(), dir.c_str(), "none", MS_BIND | MS_REC, nullptr) < 0) return -errno;
  return Result(mount("", dir.c_str(), "none", MS_SHARED | MS_REC, nullptr));
}

// Binds a network namespace onto the (existing, empty) file `target`: the
// namespace at `source` (/proc/PID/ns/net: ip netns attach), or, when
// source is null, a new one (ip netns add). unshare() moves only the calling
// thread, which binds its new namespace and goes straight back, as in
// InNamespace. Returns 0 or -errno; `stage` (Int32Array[1])
// says which call failed: 1 unshare, 2 mount, 3 the return setns.
double NetnsBind(Args& a) {
  const Napi::Value src = a.info[0];
  std::string target = Str(a, 1);
  int32_t* stage = a.Array<int32_t>(2, napi_int32_array, 1);
  if (!a.ok || !(src.IsString() || src.IsNull())) return -EINVAL;
  if (src.IsString()) {
    stage[0] = 2;
    std::string from = src.As<Napi::String>().Utf8Value();
    return Result(mount(from.c_str(), target.c_str(), "none", MS_BIND, nullptr));
  }
  int saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (saved < 0) return -errno;
  stage[0] = 1;
  int result = 0;
  if (unshare(CLONE_NEWNET) < 0) {
    result = -errno;
  } else {
    stage[0] = 2;
    if (mount("/proc/thread-self/ns/net", target.c_str(), "none", MS_BIND, nullptr) < 0)
      result = -errno;
    if (setns(saved, CLONE_NEWNET) < 0) {
      stage[0] = 3;
      result = -errno;
    }
  }
  close(saved);
  return result;
}

// ip netns delete (netns_delete): detach the bind mount that names the namespace.
double UmountDetach(Args& a) {
  std::string target = Str(a, 0);
  if (!a.ok) return -EINVAL;
  return Result(umount2(target.c_str(), MNT_DETACH));
}

// open(path, flags | O_CLOEXEC), here or inside a netns (/dev/net/tun: the tun
// device is created in the namespace the file was opened in).
double OpenPath(Args& a) {
  std::string path = Str(a, 0);
  int flags = a.Int(1);
  if (!a.ok) return -EINVAL;
  return HereOrIn(a.info[2], [&] {
    int fd = RetryEintr([&] { return open(path.c_str(), flags | O_CLOEXEC); });
    return fd < 0 ? -errno : fd;
  });
}

// ---- running a program in a named network namespace (ip netns exec) ----

// What the child reports through its close-on-exec pipe: a failed step of
// lib/namespace.c netns_switch (fatal unless it is a bind of /etc/netns/NAME),
// or the failed execvp. The pipe reaching EOF without a fatal record means
// the program is running.
enum ExecStage : int32_t {
  kSetns = 1,
  kUnshare = 2,
  kMakeRslave = 3,
  kMountSys = 4,
  kBindEtc = 5,  // index = which bind pair; not fatal (ip prints and goes on)
  kExec = 6,
  kJoinOpen = 7,   // ip/ipvrf.c vrf_switch: open of the cgroup's cgroup.procs
  kJoinWrite = 8,  // and the write that moves the process into the cgroup
};
struct ExecRecord {
  int32_t stage, index, error;
};

// In the forked child: only async-signal-safe calls, then exec or _exit.
[[noreturn]] void ExecChild(int nsFd, const char* nsName, char* const* argv,
                            const std::vector<std::string>& binds, const char* joinProcs,
                            int report) {
  auto say = [&](int32_t stage, int32_t index) {
    ExecRecord r{stage, index, errno};
    (void)!write(report, &r, sizeof r);
  };
  // Node ignores SIGPIPE and SIGXFSZ and the libuv thread blocks signals:
  // the program starts with the dispositions and mask a shell would give it.
  signal(SIGPIPE, SIG_DFL);
  signal(SIGXFSZ, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  // Node marks the standard descriptors close-on-exec (its own child_process
  // dup2s them, which clears the flag), and libuv may have made them
  // non-blocking: the program gets them as a shell would hand them over.
  for (int fd = 0; fd <= 2; fd++) {
    if (fcntl(fd, F_SETFD, 0) < 0) continue;  // not open
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0 && (fl & O_NONBLOCK)) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  }
  if (joinProcs != nullptr) {
    // Join a cgroup first (ip vrf exec): write this process's pid, in decimal, to its cgroup.procs.
    int fd = open(joinProcs, O_RDWR | O_APPEND | O_CLOEXEC);
    if (fd < 0) say(kJoinOpen, 0), _exit(255);
    char digits[16], *p = digits + sizeof digits;
    for (unsigned v = static_cast<unsigned>(getpid()); p == digits + sizeof digits || v; v /= 10)
      *--p = static_cast<char>('0' + v % 10);
    if (write(fd, p, static_cast<size_t>(digits + sizeof digits - p)) < 0)
      say(kJoinWrite, 0), _exit(255);
    close(fd);
  }
  if (nsFd < 0) {  // no namespace to enter: a plain fork and exec (ip vrf exec)
    execvp(argv[0], argv);
    say(kExec, 0);
    _exit(1);
  }
  // lib/namespace.c netns_switch, step by step.
  if (setns(nsFd, CLONE_NEWNET) < 0) say(kSetns, 0), _exit(255);
  if (unshare(CLONE_NEWNS) < 0) say(kUnshare, 0), _exit(255);
  // Don't let any mounts propagate back to the parent.
  if (mount("", "/", "none", MS_SLAVE | MS_REC, nullptr) < 0) say(kMakeRslave, 0), _exit(255);
  unsigned long mountflags = 0;
  struct statvfs fsstat;
  if (statvfs("/sys", &fsstat) == 0 && (fsstat.f_flag & ST_RDONLY)) mountflags = MS_RDONLY;
  umount2("/sys", MNT_DETACH);  // fails when there was no sysfs mounted: fine
  if (mount(nsName, "/sys", "sysfs", mountflags, nullptr) < 0) say(kMountSys, 0), _exit(255);
  for (size_t i = 0; i + 1 < binds.size(); i += 2)
    if (mount(binds[i].c_str(), binds[i + 1].c_str(), "none", MS_BIND, nullptr) < 0)
      say(kBindEtc, static_cast<int32_t>(i / 2));
  execvp(argv[0], argv);
  say(kExec, 0);
  _exit(1);  // lib/exec.c cmd_exec
}

// spawnInNetns(netnsPath, name, argv, binds) -> {pid, pidfd, records} | -errno.
// A null netnsPath runs argv here, with no namespace or mount changes. When
// joinProcs (5th argument) is a string, the child first writes its pid to
// that cgroup.procs file (ip vrf exec), so only the program joins the cgroup.
// Forks a child that enters the namespace as ip netns exec does (setns,
// unshare(CLONE_NEWNS), make / rslave, a fresh sysfs, the /etc/netns/NAME
// binds given as [source, target, ...]) and execs argv[0] from PATH. The
// parent reads the child's reports until exec succeeds (the close-on-exec pipe
// closes) or the child gives up; `records` is a flat [stage, index, errno,
// ...] list. pidfd (pidfd_open, Linux 5.3) becomes readable when the child
// exits: watch it with a Poller, then call waitChild. The process must fork
// (not unshare itself): unshare(CLONE_NEWNS) fails in a threaded process.
Napi::Value SpawnInNetns(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto fail = [&](int e) { return Napi::Number::New(env, -e); };
  bool here = info[0].IsNull();
  if (!(here || info[0].IsString()) || !info[1].IsString() || !info[2].IsArray() ||
      !info[3].IsArray())
    return fail(EINVAL);
  std::string nsPath = here ? "" : info[0].As<Napi::String>().Utf8Value();
  std::string nsName = info[1].As<Napi::String>().Utf8Value();
  auto strings = [](Napi::Array array, std::vector<std::string>& out) {
    for (uint32_t i = 0; i < array.Length(); i++) {
      Napi::Value v = array.Get(i);
      if (!v.IsString()) return false;
      out.push_back(v.As<Napi::String>().Utf8Value());
    }
    return true;
  };
  std::vector<std::string> args, binds;
  if (!strings(info[2].As<Napi::Array>(), args) || args.empty() ||
      !strings(info[3].As<Napi::Array>(), binds))
    return fail(EINVAL);
  bool join = info[4].IsString();
  if (!join && !(info[4].IsNull() || info[4].IsUndefined())) return fail(EINVAL);
  std::string joinProcs = join ? info[4].As<Napi::String>().Utf8Value() : "";
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  int nsFd = here ? -1 : RetryEintr([&] { return open(nsPath.c_str(), O_RDONLY | O_CLOEXEC); });
  if (!here && nsFd < 0) return fail(errno);
  int pipeFds[2];
  if (pipe2(pipeFds, O_CLOEXEC) < 0) {
    int e = errno;
    if (nsFd >= 0) close(nsFd);
    return fail(e);
  }
  pid_t pid = fork();
  if (pid == 0) {
    close(pipeFds[0]);
    ExecChild(nsFd, nsName.c_str(), argv.data(), binds, join ? joinProcs.c_str() : nullptr,
              pipeFds[1]);
  }
  int forkErr = errno;
  close(pipeFds[1]);
  if (nsFd >= 0) close(nsFd);
  if (pid < 0) {
    close(pipeFds[0]);
    return fail(forkErr);
  }
  Napi::Array records = Napi::Array::New(env);
  ExecRecord r;
  uint32_t n = 0;
  while (RetryEintr([&] { return read(pipeFds[0], &r, sizeof r); }) == sizeof r) {
    records.Set(n++, Napi::Number::New(env, r.stage));
    records.Set(n++, Napi::Number::New(env, r.index));
    records.Set(n++, Napi::Number::New(env, r.error));
  }
  close(pipeFds[0]);
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  Napi::Object result = Napi::Object::New(env);
  result.Set("pid", Napi::Number::New(env, pid));
  result.Set("pidfd", Napi::Number::New(env, pidfd < 0 ? -errno : pidfd));
  result.Set("records", records);
  return result;
}

// bpf(BPF_PROG_LOAD): loads `insns` (struct bpf_insn[], encoded in TS) as a
// program of `type` with `license`; no verifier log. The program fd | -errno.
// (ip vrf exec: ip/ipvrf.c prog_load, lib/bpf_glue.c bpf_prog_load.)
double BpfProgLoad(Args& a) {
  size_t length;
  uint32_t type = a.U32(0);
  uint8_t* insns = a.Array<uint8_t>(1, napi_uint8_array, 8, &length);
  std::string license = Str(a, 2);
  if (!a.ok || length % sizeof(bpf_insn) != 0) return -EINVAL;
  bpf_attr attr{};
  attr.prog_type = type;
  attr.insn_cnt = static_cast<uint32_t>(length / sizeof(bpf_insn));
  attr.insns = reinterpret_cast<uintptr_t>(insns);
  attr.license = reinterpret_cast<uintptr_t>(license.c_str());
  return Result(RetryEintr([&] { return syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof attr); }));
}

// bpf(BPF_PROG_ATTACH): attach program `progFd` to `targetFd` (a cgroup
// directory) for `attachType`. 0 | -errno. (ip/ipvrf.c vrf_configure_cgroup.)
double BpfProgAttach(Args& a) {
  uint32_t progFd = a.U32(0), targetFd = a.U32(1), attachType = a.U32(2);
  if (!a.ok) return -EINVAL;
  bpf_attr attr{};
  attr.target_fd = targetFd;
  attr.attach_bpf_fd = progFd;
  attr.attach_type = attachType;
  return Result(syscall(SYS_bpf, BPF_PROG_ATTACH, &attr, sizeof attr));
}

// bpf(BPF_OBJ_GET): the fd of the object pinned at `path` in a bpf
// filesystem | -errno. (ip's "pinned FILE": lib/bpf_legacy.c bpf_obj_get.)
double BpfObjGet(Args& a) {
  std::string path = Str(a, 0);
  if (!a.ok) return -EINVAL;
  bpf_attr attr{};
  attr.pathname = reinterpret_cast<uintptr_t>(path.c_str());
  return Result(RetryEintr([&] { return syscall(SYS_bpf, BPF_OBJ_GET, &attr, sizeof attr); }));
}

// bpf(BPF_OBJ_PIN): pins object `fd` at `path` in a bpf filesystem. 0 | -errno.
// (lib/bpf_legacy.c bpf_obj_pin; the tests pin the programs they attach.)
double BpfObjPin(Args& a) {
  uint32_t fd = a.U32(0);
  std::string path = Str(a, 1);
  if (!a.ok) return -EINVAL;
  bpf_attr attr{};
  attr.pathname = reinterpret_cast<uintptr_t>(path.c_str());
  attr.bpf_fd = fd;
  return Result(syscall(SYS_bpf, BPF_OBJ_PIN, &attr, sizeof attr));
}

// bpf(BPF_PROG_GET_FD_BY_ID) of `id`, then BPF_OBJ_GET_INFO_BY_FD into `out`
// (a struct bpf_prog_info, decoded in TS). The length the kernel filled |
// -errno. (lib/bpf_legacy.c bpf_dump_prog_info, for "prog/xdp id N tag T".)
double BpfProgInfo(Args& a) {
  size_t length;
  uint32_t id = a.U32(0);
  uint8_t* out = a.Array<uint8_t>(1, napi_uint8_array, 1, &length);
  if (!a.ok) return -EINVAL;
  bpf_attr attr{};
  attr.prog_id = id;
  int fd = static_cast<int>(syscall(SYS_bpf, BPF_PROG_GET_FD_BY_ID, &attr, sizeof attr));
  if (fd < 0) return -errno;
  bpf_attr info{};
  info.info.bpf_fd = static_cast<uint32_t>(fd);
  info.info.info_len = static_cast<uint32_t>(length);
  info.info.info = reinterpret_cast<uintptr_t>(out);
  long rc = syscall(SYS_bpf, BPF_OBJ_GET_INFO_BY_FD, &info, sizeof info);
  int err = errno;
  close(fd);
  return rc < 0 ? -err : static_cast<double>(info.info.info_len);
}

// waitChild(pid, out): waitpid(pid, WNOHANG) for a child of spawnInNetns.
// Returns 0 while it runs, 1 when it ended (out[0] = 1 exited with status
// out[1], 2 killed by signal out[1]), or -errno.
double WaitChild(Args& a) {
  int pid = a.Int(0);
  int32_t* out = a.Array<int32_t>(1, napi_int32_array, 2);
  if (!a.ok || pid <= 0) return -EINVAL;
  int status = 0;
  pid_t rc = RetryEintr([&] { return waitpid(pid, &status, WNOHANG); });
  if (rc < 0) return -errno;
  if (rc == 0) return 0;
  if (WIFSIGNALED(status)) {
    out[0] = 2;
    out[1] = WTERMSIG(status);
  } else {
    out[0] = 1;
    out[1] = WEXITSTATUS(status);
  }
  return 1;
}

Napi::Value StrError(const Napi::CallbackInfo& info) {
  Args a{info};
  int e = a.Int(0);
  if (e < 0 && e != INT32_MIN) e = -e;  // accept our own -errno results too
  char buf[256];
  return Napi::String::New(info.Env(), StrerrorText(strerror_r(e, buf, sizeof buf), buf));
}

// Text for a thrown value: its .message when that is a string, otherwise
// String(value). Exceptions raised on the way (getters, Symbols) are dropped.
std::string Describe(napi_env env, napi_value error) {
  napi_value text = nullptr, message, ignored;
  napi_valuetype type;
  if (napi_typeof(env, error, &type) == napi_ok && (type == napi_object || type == napi_function) &&
      napi_get_named_property(env, error, "message", &message) == napi_ok &&
      napi_typeof(env, message, &type) == napi_ok && type == napi_string) {
    text = message;
  }
  napi_get_and_clear_last_exception(env, &ignored);
  if (text == nullptr && napi_coerce_to_string(env, error, &text) != napi_ok) {
    napi_get_and_clear_last_exception(env, &ignored);
    return "(unprintable value)";
  }
  size_t len = 0;
  napi_get_value_string_utf8(env, text, nullptr, 0, &len);
  std::vector<char> buf(len + 1);
  napi_get_value_string_utf8(env, text, buf.data(), buf.size(), &len);
  return std::string(buf.data(), len);
}

// Watches one fd for readability and calls back into JS. It never reads the
// fd (JS does, with MSG_DONTWAIT) and does not own it.
class Poller : public Napi::ObjectWrap<Poller> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "NetlinkPoller",
                       {InstanceMethod<&Poller::Start>("start"),
                        InstanceMethod<&Poller::Stop>("stop"),
                        InstanceMethod<&Poller::Close>("close"),
                        InstanceMethod<&Poller::RefHandle>("ref"),
                        InstanceMethod<&Poller::UnrefHandle>("unref")});
  }

  explicit Poller(const Napi::CallbackInfo& info)
      : Napi::ObjectWrap<Poller>(info),
        // No resource object: napi_async_init holds its resource strongly, and
        // this poller's own JS object as resource would pin it (and through it
        // this native object) for ever, closed or not.
        async_context_(info.Env(), "nlts:NetlinkPoller") {
    if (info[1].IsFunction()) callback_ = Napi::Persistent(info[1].As<Napi::Function>());
    if (info[2].IsFunction()) on_error_ = Napi::Persistent(info[2].As<Napi::Function>());
    uv_loop_t* loop = nullptr;
    if (napi_get_uv_event_loop(info.Env(), &loop) != napi_ok || loop == nullptr) return;
    handle_ = new Handle();
    Args a{info};
    int fd = a.Int(0);
    if (!a.ok || fd < 0) {
      init_status_ = UV_EBADF;
    } else {
      // uv_poll_init sets O_NONBLOCK as a courtesy. uv_poll never reads the
      // fd and our sockets are documented as blocking (callers pass
      // MSG_DONTWAIT), so the original file status flags are put back.
      int flags = fcntl(fd, F_GETFL);
      init_status_ = uv_poll_init(loop, &handle_->poll, fd);
      if (flags >= 0 && !(flags & O_NONBLOCK)) fcntl(fd, F_SETFL, flags);
    }
    // A constructor cannot return -errno: on failure the handle becomes an
    // idle handle that, once started, reports init_status_ through the
    // callback on the next loop iteration. uv_poll_init fails before it
    // registers anything, so the union member can be reused.
    if (init_status_ != 0) uv_idle_init(loop, &handle_->idle);
    handle_->base.data = this;
  }

  ~Poller() override { CloseHandle(); }

 private:
  union Handle {
    uv_handle_t base;
    uv_poll_t poll;  // normal case
    uv_idle_t idle;  // uv_poll_init failed; see the constructor
  };

  void Start(const Napi::CallbackInfo&) {
    if (handle_ == nullptr) return;  // closed: start() is a no-op
    if (init_status_ == 0) uv_poll_start(&handle_->poll, UV_READABLE, OnPoll);
    else uv_idle_start(&handle_->idle, OnIdle);
    SyncPin();
  }

  void Stop(const Napi::CallbackInfo&) {
    if (handle_ == nullptr) return;
    if (init_status_ == 0) uv_poll_stop(&handle_->poll);
    else uv_idle_stop(&handle_->idle);
    SyncPin();
  }

  void Close(const Napi::CallbackInfo&) {
    CloseHandle();
    SyncPin();
  }

  void RefHandle(const Napi::CallbackInfo&) {
    if (handle_ != nullptr) uv_ref(&handle_->base);
  }

  void UnrefHandle(const Napi::CallbackInfo&) {
    if (handle_ != nullptr) uv_unref(&handle_->base);
  }

  // The JS object is held strongly while the handle is active, so a poller
  // that is watching cannot be garbage-collected and silently stop.
  void SyncPin() {
    bool want = handle_ != nullptr && uv_is_active(&handle_->base);
    if (want == pinned_) return;
    pinned_ = want;
    if (want) Ref();
    else Unref();
  }

  // uv_close completes on a later loop iteration, so the memory is freed in
  // the close callback. data is cleared first so that nothing still queued
  // for the handle can reach this (possibly destroyed) object.
  //
  // The callbacks are released too: they are strong references from native
  // memory, and a callback usually closes over this poller's own JS object,
  // so holding them after close would keep both alive for ever (a leak of
  // the closure and everything it captured per closed poller).
  void CloseHandle() {
    if (!callback_.IsEmpty()) callback_.Reset();
    if (!on_error_.IsEmpty()) on_error_.Reset();
    if (handle_ == nullptr) return;
    handle_->base.data = nullptr;
    uv_close(&handle_->base, [](uv_handle_t* h) { delete reinterpret_cast<Handle*>(h); });
    handle_ = nullptr;
  }

  static void OnPoll(uv_poll_t* handle, int status, int events) {
    if (auto* self = static_cast<Poller*>(handle->data)) self->Dispatch(status, events);
  }

  static void OnIdle(uv_idle_t* handle) {
    uv_idle_stop(handle);  // one report per start()
    auto* self = static_cast<Poller*>(handle->data);
    if (self == nullptr) return;
    self->Dispatch(self->init_status_, 0);
    self->SyncPin();  // unpins unless the callback called start() again
  }

  // Calls callback(status, events) through napi_make_callback with our async
  // context, so nextTick and promise microtasks run when it returns. This is
  // what Napi::Function::MakeCallback does, minus its error path: with C++
  // exceptions disabled that re-wraps a thrown value in a Napi::Error, whose
  // own failure paths abort the process.
  void Dispatch(int status, int events) {
    if (callback_.IsEmpty()) return;
    napi_env env = Env();
    Napi::HandleScope scope(env);
    napi_value recv = Value(), error, result;
    napi_value argv[2] = {Napi::Number::New(env, status), Napi::Number::New(env, events)};
    // Taken before the call: a callback that closes its poller releases both
    // references (CloseHandle), and its error must still reach onError.
    napi_value on_error = on_error_.IsEmpty() ? nullptr : static_cast<napi_value>(on_error_.Value());
    if (napi_make_callback(env, async_context_, recv, callback_.Value(), 2, argv, &result) ==
        napi_ok) {
      return;
    }
    // The callback threw. Take the exception off the env: left pending, it
    // would surface at some unrelated later call.
    bool pending = false;
    if (napi_is_exception_pending(env, &pending) != napi_ok || !pending ||
        napi_get_and_clear_last_exception(env, &error) != napi_ok) {
      return;  // nothing was thrown (e.g. the environment is shutting down)
    }
    if (on_error != nullptr) {
      if (napi_make_callback(env, async_context_, recv, on_error, 1, &error, &result) !=
          napi_ok) {
        napi_get_and_clear_last_exception(env, &error);  // a throwing onError is dropped
      }
      return;
    }
    std::string text = Describe(env, error);
    fprintf(stderr, "nlts: uncaught error in netlink poll callback: %s\n", text.c_str());
  }

  Handle* handle_ = nullptr;  // null once closed (or if there was no loop)
  int init_status_ = 0;       // 0, or the libuv error from uv_poll_init
  bool pinned_ = false;       // whether SyncPin() holds an ObjectWrap reference
  Napi::FunctionReference callback_;
  Napi::FunctionReference on_error_;
  Napi::AsyncContext async_context_;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  const struct {
    const char* name;
    Napi::Value (*fn)(const Napi::CallbackInfo&);
  } functions[] = {
      {"open", Export<Open>},
      {"socket", Export<Socket>},
      {"openPath", Export<OpenPath>},
      {"ioctl", Export<IoctlBuffer>},
      {"ioctlValue", Export<IoctlValue>},
      {"spawnInNetns", SpawnInNetns},
      {"waitChild", Export<WaitChild>},
      {"bpfProgLoad", Export<BpfProgLoad>},
      {"bpfProgAttach", Export<BpfProgAttach>},
      {"bpfObjGet", Export<BpfObjGet>},
      {"bpfObjPin", Export<BpfObjPin>},
      {"bpfProgInfo", Export<BpfProgInfo>},
      {"bind", Export<Bind>},
      {"getsockname", Export<GetSockName>},
      {"setsockoptInt", Export<SetSockOptInt>},
      {"getsockoptInt", Export<GetSockOptInt>},
      {"setReceiveTimeout", Export<SetReceiveTimeout>},
      {"sendto", Export<SendTo>},
      {"recvmsg", Export<RecvMsg>},
      {"close", Export<Close>},
      {"netnsShareDir", Export<NetnsShareDir>},
      {"netnsBind", Export<NetnsBind>},
      {"umountDetach", Export<UmountDetach>},
      {"strerror", StrError},
  };
  for (const auto& f : functions) exports[f.name] = Napi::Function::New(env, f.fn, f.name);
  exports["Poller"] = Poller::Define(env);
  return exports;
}

}  // namespace

NODE_API_MODULE(nlts_native, Init)
