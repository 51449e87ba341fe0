// The issue-5 problems in ADOL-C (the reference tape-based AD for C/C++), for the ratio table of benchmarks/run-all.sh.
// Each problem is written once as a template on the number type: double for f, adouble for taping. ADOL-C tapes once
// (trace_on ... trace_off) and then evaluates the gradient from the tape (gradient(): a zero-order forward sweep plus
// a first-order reverse sweep) as often as asked; "retape + gradient" records the tape again before each gradient,
// which is what a value-dependent branch demands when the point moves (the piecewise problem, Monte Carlo's max,
// NormalCdf's sign test and the max in log-sum-exp all carry such tests; at a fixed point the tape stays valid).
// Output: one tab-separated line per problem, keys matching the .NET table; times in nanoseconds per call.
#include <adolc/adolc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

// This thread's CPU time: on a shared machine, time spent descheduled is not the code's cost.
double ThreadSeconds() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec + 1e-9 * now.tv_nsec;
}

// Best of five samples of >= sampleSeconds each, after a warm-up of the same length (as the .NET growth sweep).
double NanosecondsPerCall(const std::function<void()>& action, double sampleSeconds) {
  double start = ThreadSeconds();
  long calls = 0;
  while (ThreadSeconds() - start < sampleSeconds || calls < 2) {
    action();
    ++calls;
  }
  double best = std::numeric_limits<double>::infinity();
  for (int sample = 0; sample < 5; ++sample) {
    double begin = ThreadSeconds();
    for (long c = 0; c < calls; ++c) action();
    best = std::min(best, 1e9 * (ThreadSeconds() - begin) / calls);
  }
  return best;
}

volatile double g_sink;  // keeps f's result alive

// ---------------------------------------------------------------- the problems (same code as the C# [Differentiable] methods)

template <class T>
T Rosenbrock(const T* x, int n) {
  T sum = 0;
  for (int i = 0; i + 1 < n; i += 2) {
    T t1 = x[i + 1] - x[i] * x[i];
    T t2 = 1 - x[i];
    sum += 100 * t1 * t1 + t2 * t2;
  }
  return sum;
}

template <class T>
T SoftmaxCrossEntropy(const T* logits, int n, int label) {
  using std::exp;
  using std::fmax;
  using std::log;
  T max = logits[0];
  for (int i = 1; i < n; i++) max = fmax(max, logits[i]);
  T sum = 0;
  for (int i = 0; i < n; i++) sum += exp(logits[i] - max);
  return max + log(sum) - logits[label];
}

template <class T>
T NormalCdf(const T& x) {
  using std::exp;
  using std::fabs;
  T z = fabs(x) * 0.70710678118654752440;
  T t = 1 / (1 + 0.3275911 * z);
  T poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  T erf = 1 - poly * exp(-z * z);
  if (x >= 0) return 0.5 * (1 + erf);
  return 0.5 * (1 - erf);
}

template <class T>
T Call(const T* m) {  // spot, strike, rate, volatility, maturity
  using std::exp;
  using std::log;
  using std::sqrt;
  T sqrtT = sqrt(m[4]);
  T d1 = (log(m[0] / m[1]) + (m[2] + 0.5 * m[3] * m[3]) * m[4]) / (m[3] * sqrtT);
  T d2 = d1 - m[3] * sqrtT;
  return m[0] * NormalCdf(d1) - m[1] * exp(-m[2] * m[4]) * NormalCdf(d2);
}

template <class T>
T MonteCarloCall(const T* m, const double* normals, int paths) {
  using std::exp;
  using std::fmax;
  using std::sqrt;
  T drift = (m[2] - 0.5 * m[3] * m[3]) * m[4];
  T diffusion = m[3] * sqrt(m[4]);
  T sum = 0;
  for (int p = 0; p < paths; p++) {
    T terminal = m[0] * exp(drift + diffusion * normals[p]);
    sum += fmax(terminal - m[1], 0.0);
  }
  return exp(-m[2] * m[4]) * sum / paths;
}

template <class T>
T Piecewise(const T* x, int n) {
  using std::fabs;
  using std::fmax;
  T sum = 0;
  for (int i = 0; i < n; i++) {
    T r = x[i] - 1;
    T a = fabs(r);
    if (a <= 1)
      sum += 0.5 * r * r;
    else
      sum += a - 0.5;
    sum += 10 * fmax(-x[i], 0.0);
    if (i + 1 < n) sum += 0.3 * fabs(x[i + 1] - x[i]);
  }
  return sum;
}

template <class T>
T LotkaVolterra(const T* p, int steps) {  // alpha, beta, gamma, delta, prey0, predator0
  const double dt = 10.0 / steps;
  T x = p[4], y = p[5];
  for (int s = 0; s < steps; s++) {
    T k1x = p[0] * x - p[1] * x * y, k1y = p[3] * x * y - p[2] * y;
    T x2 = x + 0.5 * dt * k1x, y2 = y + 0.5 * dt * k1y;
    T k2x = p[0] * x2 - p[1] * x2 * y2, k2y = p[3] * x2 * y2 - p[2] * y2;
    T x3 = x + 0.5 * dt * k2x, y3 = y + 0.5 * dt * k2y;
    T k3x = p[0] * x3 - p[1] * x3 * y3, k3y = p[3] * x3 * y3 - p[2] * y3;
    T x4 = x + dt * k3x, y4 = y + dt * k3y;
    T k4x = p[0] * x4 - p[1] * x4 * y4, k4y = p[3] * x4 * y4 - p[2] * y4;
    x += dt / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
    y += dt / 6 * (k1y + 2 * k2y + 2 * k3y + k4y);
  }
  return x + y;
}

constexpr int kInputs = 784, kHidden = 128, kClasses = 10;
constexpr int kBias1 = kHidden * kInputs, kWeights2 = kBias1 + kHidden, kBias2 = kWeights2 + kClasses * kHidden;
constexpr int kMlpParameters = kBias2 + kClasses;

template <class T>
T MlpLoss(const T* w, const double* images, const double* labels, int batch) {
  using std::exp;
  using std::fmax;
  using std::log;
  std::vector<T> hidden(kHidden), logits(kClasses);
  T total = 0;
  for (int b = 0; b < batch; b++) {
    const double* image = images + b * kInputs;
    for (int j = 0; j < kHidden; j++) {
      T activation = w[kBias1 + j];
      for (int k = 0; k < kInputs; k++) activation += w[j * kInputs + k] * image[k];
      hidden[j] = fmax(activation, 0.0);
    }
    for (int c = 0; c < kClasses; c++) {
      T activation = w[kBias2 + c];
      for (int j = 0; j < kHidden; j++) activation += w[kWeights2 + c * kHidden + j] * hidden[j];
      logits[c] = activation;
    }
    T max = logits[0];
    for (int c = 1; c < kClasses; c++) max = fmax(max, logits[c]);
    T sum = 0;
    for (int c = 0; c < kClasses; c++) sum += exp(logits[c] - max);
    total += max + log(sum) - logits[static_cast<int>(labels[b])];
  }
  return total / batch;
}

// ---------------------------------------------------------------- harness

// Buffers sized to the tape: ADOL-C writes a tape larger than its buffers to files, and allocates buffers of the
// declared sizes in every sweep, so both too small and too large buffers cost time.
struct Buffers {
  unsigned operations, locations, values, taylors;
};

struct Problem {
  std::string key;
  std::vector<double> x;
  std::function<double(const double*)> f;
  std::function<adouble(const adouble*)> taped;
};

void Tape(short tag, const Problem& p, const Buffers& buffers) {
  int n = static_cast<int>(p.x.size());
  trace_on(tag, 0, buffers.operations, buffers.locations, buffers.values, buffers.taylors);
  std::vector<adouble> ax(n);
  for (int i = 0; i < n; i++) ax[i] <<= p.x[i];
  adouble y = p.taped(ax.data());
  double value;
  y >>= value;
  trace_off();
}

void Measure(short tag, const Problem& p, double sampleSeconds) {
  int n = static_cast<int>(p.x.size());
  std::vector<double> gradientOut(n), direction(n);
  std::mt19937_64 random(7);
  for (double& d : direction) d = std::uniform_real_distribution<double>(-0.5, 0.5)(random);

  double f = NanosecondsPerCall([&] { g_sink = p.f(p.x.data()); }, sampleSeconds);
  Buffers buffers{1u << 20, 1u << 20, 1u << 20, 1u << 20};
  Tape(tag, p, buffers);  // once to learn the tape's size
  size_t stats[STAT_SIZE];
  tapestats(tag, stats);
  // Small tapes: ADOL-C's default buffers (smaller ones made the Taylor stack spill to a file). Large tapes: buffers
  // with room for the whole tape, so that it stays in memory.
  auto room = [](size_t needed) { return static_cast<unsigned>(std::max<size_t>(2 * needed + 1024, 524288)); };
  buffers = {room(stats[NUM_OPERATIONS]), room(stats[NUM_LOCATIONS]), room(stats[NUM_VALUES]), room(stats[TAY_STACK_SIZE])};
  Tape(tag, p, buffers);
  int rc = gradient(tag, n, p.x.data(), gradientOut.data());
  if (rc < 0) std::fprintf(stderr, "%s: gradient() returned %d (tape invalid at this point)\n", p.key.c_str(), rc);
  double check = p.f(p.x.data());
  double gradient_ns = NanosecondsPerCall([&] { gradient(tag, n, p.x.data(), gradientOut.data()); }, sampleSeconds);
  double y, yd;
  double tangent_ns = NanosecondsPerCall([&] { fos_forward(tag, 1, n, 0, p.x.data(), direction.data(), &y, &yd); }, sampleSeconds);
  double retape_ns = NanosecondsPerCall([&] { Tape(tag, p, buffers); gradient(tag, n, p.x.data(), gradientOut.data()); }, sampleSeconds);
  double norm = 0;
  for (double g : gradientOut) norm += g * g;
  std::printf("%s\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\n", p.key.c_str(), f, gradient_ns, tangent_ns, retape_ns, check, std::sqrt(norm));
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = argc > 1 && std::string(argv[1]) == "--quick";  // "--full" (or nothing): the long samples
  setpriority(PRIO_PROCESS, 0, -19);  // best effort (root only): fewer preemptions by other builds on a shared machine
  double sampleSeconds = quick ? 0.02 : 0.2;
  int odeSteps = quick ? 1000 : 10000;
  std::mt19937_64 random(1);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<Problem> problems;

  for (int n : {10, 1000, 100000}) {
    std::vector<double> x(n);
    for (int i = 0; i < n; i++) x[i] = (i % 2 == 0 ? -1.2 : 1.0) + 0.1 * (unit(random) - 0.5);
    problems.push_back({"rosenbrock-" + std::to_string(n), x,
                        [n](const double* v) { return Rosenbrock(v, n); },
                        [n](const adouble* v) { return Rosenbrock(v, n); }});
  }

  static std::vector<double> images(32 * kInputs), labels(32);
  for (double& v : images) v = unit(random) < 0.8 ? 0.0 : unit(random);  // MNIST-like: mostly background
  for (int b = 0; b < 32; b++) labels[b] = b % 10;
  {
    std::vector<double> w(kMlpParameters, 0.0);
    for (int i = 0; i < kBias1; i++) w[i] = std::sqrt(6.0 / kInputs) * (2 * unit(random) - 1);
    for (int i = kWeights2; i < kBias2; i++) w[i] = std::sqrt(6.0 / kHidden) * (2 * unit(random) - 1);
    problems.push_back({"mlp", w,
                        [](const double* v) { return MlpLoss(v, images.data(), labels.data(), 32); },
                        [](const adouble* v) { return MlpLoss(v, images.data(), labels.data(), 32); }});
  }

  {
    std::vector<double> logits(1000);
    for (double& v : logits) v = 4 * (unit(random) - 0.5);
    problems.push_back({"softmax", logits,
                        [](const double* v) { return SoftmaxCrossEntropy(v, 1000, 17); },
                        [](const adouble* v) { return SoftmaxCrossEntropy(v, 1000, 17); }});
  }

  std::vector<double> market = {100, 105, 0.03, 0.25, 1.5};
  problems.push_back({"black-scholes", market, [](const double* v) { return Call(v); }, [](const adouble* v) { return Call(v); }});

  static std::vector<double> normals(10000);
  for (double& z : normals) z = normal(random);
  problems.push_back({"monte-carlo", market,
                      [](const double* v) { return MonteCarloCall(v, normals.data(), 10000); },
                      [](const adouble* v) { return MonteCarloCall(v, normals.data(), 10000); }});

  {
    std::vector<double> x(1000);
    for (double& v : x) v = 4 * unit(random) - 1;
    problems.push_back({"piecewise", x,
                        [](const double* v) { return Piecewise(v, 1000); },
                        [](const adouble* v) { return Piecewise(v, 1000); }});
  }

  problems.push_back({"lotka-volterra", {1.1, 0.4, 0.4, 0.1, 10, 5},
                      [odeSteps](const double* v) { return LotkaVolterra(v, odeSteps); },
                      [odeSteps](const adouble* v) { return LotkaVolterra(v, odeSteps); }});

  std::printf("key\tf_ns\tadolc_gradient_ns\tadolc_tangent_ns\tadolc_retape_gradient_ns\tf_value\tgradient_norm\n");
  // One child process per problem: ADOL-C's location store keeps growing across tapes, and a tape recorded after a
  // large one gets a large live-variable count that every later sweep allocates and clears (a 60-operation tape took
  // 200 µs per gradient when recorded after the perceptron's).
  std::fflush(stdout);
  for (const Problem& p : problems) {
    pid_t child = fork();
    if (child == 0) {
      Measure(1, p, sampleSeconds);
      std::_Exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) std::fprintf(stderr, "%s: measurement failed\n", p.key.c_str());
  }
  return 0;
}
