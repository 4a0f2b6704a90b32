"""NanoNeuron, the whole program: one neuron, y = w * x + b, learns Celsius -> Fahrenheit.

Standard library only. Run: python nanoneuron_program.py [--w W --b B] [--seed S] [--epochs N] [--alpha A]
"""

import argparse
import math
import random


class NanoNeuron:
    def __init__(self, w, b):
        self.w = w
        self.b = b

    def predict(self, x):
        return x * self.w + self.b


def celsius_to_fahrenheit(c):
    w = 1.8
    b = 32
    return c * w + b


def generate_data_sets():
    x_train = [c for c in range(100)]  # 0, 1, ..., 99
    x_test = [c + 0.5 for c in range(100)]  # 0.5, 1.5, ..., 99.5: never seen in training
    y_train = [celsius_to_fahrenheit(x) for x in x_train]
    y_test = [celsius_to_fahrenheit(x) for x in x_test]
    return x_train, y_train, x_test, y_test


def prediction_cost(y, prediction):
    difference = y - prediction
    return difference * difference / 2  # as JavaScript's ** 2 computes it (Python's ** calls pow)


def forward_propagation(model, x_train, y_train):
    m = len(x_train)
    predictions = []
    cost = 0.0
    for i in range(m):
        prediction = model.predict(x_train[i])
        cost += prediction_cost(y_train[i], prediction)
        predictions.append(prediction)
    cost /= m
    return predictions, cost


def backward_propagation(predictions, x_train, y_train):
    m = len(x_train)
    dw = 0.0
    db = 0.0
    for i in range(m):
        dw += (y_train[i] - predictions[i]) * x_train[i]
        db += y_train[i] - predictions[i]
    dw /= m  # dw and db are minus the gradient of the cost,
    db /= m  # so training adds them
    return dw, db


def train_model(model, epochs, alpha, x_train, y_train):
    cost_history = []
    for _ in range(epochs):
        predictions, cost = forward_propagation(model, x_train, y_train)
        cost_history.append(cost)
        dw, db = backward_propagation(predictions, x_train, y_train)
        model.w += alpha * dw
        model.b += alpha * db
    return cost_history


def main():
    parser = argparse.ArgumentParser(description="Train a NanoNeuron and print what it learned.")
    parser.add_argument("--w", type=float, help="starting weight (default: random, seeded)")
    parser.add_argument("--b", type=float, help="starting bias (default: random, seeded)")
    parser.add_argument("--seed", type=int, default=42, help="seed of the random start")
    parser.add_argument("--epochs", type=int, default=70000, help="training steps, 1 or more")
    parser.add_argument("--alpha", type=float, default=0.0005, help="learning rate, above 0")
    args = parser.parse_args()
    if args.epochs < 1 or not 0 < args.alpha < math.inf:
        parser.error(f"need --epochs >= 1 and --alpha > 0, got {args.epochs}, {args.alpha}")
    random.seed(args.seed)  # the original's Math.random() start, made repeatable
    w, b = random.random(), random.random()
    nano_neuron = NanoNeuron(w if args.w is None else args.w, b if args.b is None else args.b)
    if not math.isfinite(nano_neuron.w + nano_neuron.b):
        parser.error(f"--w and --b must be finite numbers, got {nano_neuron.w}, {nano_neuron.b}")
    x_train, y_train, x_test, y_test = generate_data_sets()
    cost_history = train_model(nano_neuron, args.epochs, args.alpha, x_train, y_train)
    _, test_cost = forward_propagation(nano_neuron, x_test, y_test)
    if not math.isfinite(test_cost):
        parser.exit(1, f"training diverged: --alpha {args.alpha} is too large for this data\n")
    print("Cost before the training:", cost_history[0])
    print("Cost after the training:", cost_history[-1])
    print("NanoNeuron parameters:", {"w": nano_neuron.w, "b": nano_neuron.b})
    print("Cost on new testing data:", test_cost)
    temp_in_celsius = 70
    custom_prediction = nano_neuron.predict(temp_in_celsius)
    print(f'NanoNeuron "thinks" that {temp_in_celsius}°C in Fahrenheit is:', custom_prediction)
    print("Correct answer is:", celsius_to_fahrenheit(temp_in_celsius))


if __name__ == "__main__":
    main()
