using System;
using System.Runtime.InteropServices;

namespace AdGen.Optimizers;

/// <summary>
/// A first-order optimizer: a small state object that updates parameters in place from their gradient, one
/// <see cref="Step(Span{double}, ReadOnlySpan{double})"/> at a time (the shape of torch.optim and optax).
/// </summary>
/// <remarks>
/// The first step binds the instance to the length and precision of its parameters and allocates the state (moment
/// estimates, momentum buffers…) once; later steps allocate nothing. Stepping parameters of another length or
/// precision throws until <see cref="Reset"/> is called. Instances are not thread-safe.
/// </remarks>
public abstract class Optimizer
{
    private readonly int _stateVectorCount;
    private double _learningRate;
    private Array? _state;
    private Type? _boundPrecision;
    private int _boundLength;

    /// <summary>Creates an optimizer that keeps <paramref name="stateVectorCount"/> parameter-sized vectors of state.</summary>
    /// <param name="stateVectorCount">How many vectors of state, each as long as the parameters, the update rule needs.</param>
    protected Optimizer(int stateVectorCount)
    {
        if (stateVectorCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stateVectorCount), stateVectorCount, "stateVectorCount must be ≥ 0.");
        }

        _stateVectorCount = stateVectorCount;
    }

    /// <summary>
    /// The learning rate γ of the next step. Settable between steps, which is how learning-rate schedules drive the
    /// optimizer; out-of-range values throw <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            ValidateLearningRate(value);
            _learningRate = value;
        }
    }

    /// <summary>
    /// The number of steps taken since construction or the last <see cref="Reset"/>. During an update it already
    /// counts the step in progress, so it is the k (starting at 1) of the published update rules.
    /// </summary>
    public long StepCount { get; private set; }

    /// <summary>The parameter length the state is bound to, or <see langword="null"/> before the first step.</summary>
    public int? BoundLength => _boundPrecision is null ? null : _boundLength;

    /// <summary>The precision (<see cref="double"/> or <see cref="float"/>) the state is bound to, or <see langword="null"/> before the first step.</summary>
    public Type? BoundPrecision => _boundPrecision;

    /// <summary>Updates <paramref name="parameters"/> in place from <paramref name="gradient"/>, the gradient at those parameters.</summary>
    /// <param name="parameters">The parameters θ, overwritten with the updated values.</param>
    /// <param name="gradient">The gradient ∇J(θ), as long as <paramref name="parameters"/>; not modified.</param>
    /// <exception cref="ArgumentException">
    /// The lengths differ, or the instance is bound to another length or to single precision by an earlier step.
    /// </exception>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        Span<double> state = Bind<double>(parameters.Length, gradient.Length);
        StepCount++;
        Update(parameters, gradient, state);
    }

    /// <inheritdoc cref="Step(Span{double}, ReadOnlySpan{double})"/>
    /// <remarks>The state is kept in single precision too.</remarks>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        Span<float> state = Bind<float>(parameters.Length, gradient.Length);
        StepCount++;
        Update(parameters, gradient, state);
    }

    /// <summary>
    /// Forgets the state and the step count and unbinds the instance, which can then step parameters of any length
    /// and precision as if new. The learning rate and the other hyperparameters are kept.
    /// </summary>
    public void Reset()
    {
        StepCount = 0;
        _boundPrecision = null;
        if (_state is not null)
        {
            Array.Clear(_state);
        }
    }

    /// <summary>Steps parameters of either precision (the driver's generic entry point).</summary>
    internal void Step<T>(Span<T> parameters, ReadOnlySpan<T> gradient)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            Step(MemoryMarshal.Cast<T, double>(parameters), MemoryMarshal.Cast<T, double>(gradient));
        }
        else if (typeof(T) == typeof(float))
        {
            Step(MemoryMarshal.Cast<T, float>(parameters), MemoryMarshal.Cast<T, float>(gradient));
        }
        else
        {
            throw new NotSupportedException($"Only double and float parameters are supported, not {typeof(T).Name}.");
        }
    }

    /// <summary>Applies one step of the update rule in double precision.</summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="gradient">The gradient, of the same length.</param>
    /// <param name="state">
    /// The optimizer's state: the constructor's stateVectorCount vectors, each as long as the parameters, one after the
    /// other; all zero before the first step.
    /// </param>
    protected abstract void Update(Span<double> parameters, ReadOnlySpan<double> gradient, Span<double> state);

    /// <summary>Applies one step of the update rule in single precision.</summary>
    /// <inheritdoc cref="Update(Span{double}, ReadOnlySpan{double}, Span{double})"/>
    protected abstract void Update(Span<float> parameters, ReadOnlySpan<float> gradient, Span<float> state);

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="learningRate"/> is not valid for this
    /// optimizer. The base accepts any finite value ≥ 0.
    /// </summary>
    /// <param name="learningRate">The proposed learning rate.</param>
    protected virtual void ValidateLearningRate(double learningRate) =>
        Hyperparameter.NonNegative(learningRate, nameof(learningRate));

    private Span<T> Bind<T>(int parameterLength, int gradientLength)
        where T : unmanaged
    {
        if (gradientLength != parameterLength)
        {
            throw new ArgumentException(
                $"The gradient has {gradientLength} elements but the parameters have {parameterLength}; they must have the same length.",
                "gradient");
        }

        if (_boundPrecision is not null)
        {
            if (_boundPrecision != typeof(T))
            {
                throw new ArgumentException(
                    $"This {GetType().Name} keeps {_boundPrecision.Name} state since its first step and cannot step {typeof(T).Name} parameters; use one instance per precision or call Reset() first.",
                    "parameters");
            }

            if (_boundLength != parameterLength)
            {
                throw new ArgumentException(
                    $"This {GetType().Name} keeps state for {_boundLength} parameters since its first step and cannot step {parameterLength}; use one instance per problem or call Reset() first.",
                    "parameters");
            }

            return (T[])_state!;
        }

        int stateLength = checked(_stateVectorCount * parameterLength);
        if (_state is not T[] reusable || reusable.Length != stateLength)
        {
            _state = new T[stateLength];
        }

        _boundPrecision = typeof(T);
        _boundLength = parameterLength;
        return (T[])_state;
    }
}
