import tensorflow as tf

# Eager Execution 활성화
tf.enable_eager_execution()

# 학습 데이터 생성
x = tf.constant([1, 2, 3, 4, 5], dtype=tf.float32)
y = tf.constant([2, 4, 6, 8, 10], dtype=tf.float32)

# 가중치와 편향 변수 초기화
w = tf.Variable(0.0)
b = tf.Variable(0.0)

# 손실 함수 정의
def loss_fn(inputs, labels):
    predictions = w * inputs + b
    return tf.reduce_mean(tf.square(predictions - labels))

# 경사 하강법 옵티마이저 선택
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.01)

# Eager Execution을 통한 학습
for step in range(1001):
    with tf.GradientTape() as tape:
        loss = loss_fn(x, y)
    gradients = tape.gradient(loss, [w, b])
    optimizer.apply_gradients(zip(gradients, [w, b]))

    if step % 100 == 0:
        print(f"Step {step}, Loss: {loss.numpy()}, w: {w.numpy()}, b: {b.numpy()}")
