package dev.jgrad.testing.junit;

import dev.jgrad.testing.Arguments;
import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs {@link PropertyTest} methods: resolves their parameters to placeholders so that JUnit
 * calls the interceptor, which then runs the method as a property's check (parameters) or inside
 * {@link Property#withDefaults} (no parameters). Registered by the annotation; there is no need to
 * name it.
 */
public final class PropertyExtension implements ParameterResolver, InvocationInterceptor {

    /** JUnit instantiates it. */
    public PropertyExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getDeclaringExecutable().isAnnotationPresent(PropertyTest.class)
                && !isJUnitType(parameter.getParameter().getType());
    }

    /** Parameters JUnit itself resolves (TestInfo, TestReporter, ...) are left to it. */
    private static boolean isJUnitType(Class<?> type) {
        return type.getName().startsWith("org.junit.");
    }

    /** A placeholder: the interceptor replaces the whole call. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == boolean.class) {
            return false;
        }
        if (type == double.class) {
            return 0.0;
        }
        if (type == int.class) {
            return 0;
        }
        if (type.isPrimitive()) {
            throw new ExtensionConfigurationException("@PropertyTest parameter '" + parameter.getParameter().getName()
                    + "' is a " + type + "; use its boxed type with @From");
        }
        return null;
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                    ExtensionContext context) throws Throwable {
        Method method = call.getExecutable();
        PropertyTest settings = method.getAnnotation(PropertyTest.class);
        Property.Runner runner = runner(settings, context.getDisplayName());
        List<Object> given = call.getArguments();
        if (method.getParameterCount() == 0) {
            try (Property.Scope ignored = Property.withDefaults(runner)) {
                invocation.proceed();
            }
            return;
        }
        invocation.skip();
        Parameter[] parameters = method.getParameters();
        List<String> names = new ArrayList<>();
        Gen<List<Object>> values = Gen.constant(List.of());
        for (int i = 0; i < parameters.length; i++) {
            names.add(parameters[i].getName());
            Gen<?> gen = isJUnitType(parameters[i].getType()) ? Gen.constant(given.get(i)) : generator(parameters[i]);
            values = append(values, gen);
        }
        Object target = call.getTarget().orElse(null);
        method.setAccessible(true);
        runner.forAll(values.map(v -> new Arguments(names, v)), args -> {
            try {
                method.invoke(target, args.toArray());
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static <T> Gen<List<Object>> append(Gen<List<Object>> init, Gen<T> last) {
        return Gen.zip(init, last, (list, value) -> {
            List<Object> out = new ArrayList<>(list);
            out.add(value);
            return out;
        });
    }

    static Property.Runner runner(PropertyTest settings, String name) {
        Property.Runner runner = Property.defaults().named(name);
        if (settings.tries() > 0) {
            runner = runner.tries(settings.tries());
        }
        if (settings.seed().length > 1) {
            throw new ExtensionConfigurationException("@PropertyTest(seed = ...) takes one seed, got "
                    + settings.seed().length);
        }
        if (settings.seed().length == 1) {
            runner = runner.seed(settings.seed()[0]);
        }
        if (settings.deadlineMillis() > 0) {
            runner = runner.deadline(Duration.ofMillis(settings.deadlineMillis()));
        }
        if (settings.maxDiscardRatio() >= 0) {
            runner = runner.maxDiscardRatio(settings.maxDiscardRatio());
        }
        return runner;
    }

    private static Gen<?> generator(Parameter parameter) {
        From from = parameter.getAnnotation(From.class);
        if (from != null) {
            return supply(from.value(), parameter);
        }
        Class<?> type = parameter.getType();
        if (type == int.class || type == Integer.class) {
            return Gens.ints(Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (type == double.class || type == Double.class) {
            return Gens.allDoubles();
        }
        if (type == boolean.class || type == Boolean.class) {
            return Gens.booleans();
        }
        throw new ExtensionConfigurationException("@PropertyTest parameter '" + parameter.getName() + "' of type "
                + type.getSimpleName() + " needs @From(...) naming its generator");
    }

    private static Gen<?> supply(Class<? extends Supplier<? extends Gen<?>>> type, Parameter parameter) {
        try {
            Constructor<? extends Supplier<? extends Gen<?>>> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance().get();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("@From(" + type.getSimpleName() + ".class) on parameter '"
                    + parameter.getName() + "': cannot make the generator (it needs a no-argument constructor): " + e,
                    e);
        }
    }
}
